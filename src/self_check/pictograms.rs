//! Which life areas have a pictogram, and where it is. The pictograms themselves are one SVG
//! file, `public/icons/areas.svg` (drawn for Wijkpeil, no external icon set): a `<symbol>` per
//! area code. The page shows one with `<use href="/icons/areas.svg#<code>">`, so no pictogram is
//! part of the app's code or its first download; the file is fetched the first time an area is
//! shown (then kept by the browser). A pictogram is decoration beside the area's name, which
//! stays the text (see `src/ui/area_icon.rs`).
//!
//! An area a municipality adds to its questionnaire without a pictogram here is shown with its
//! name alone; the tests fail when a shipped area has none.

use super::AREA_GROUP_PREFIX;

/// The file with every pictogram, one `<symbol id="<code>">` each.
pub const SPRITE: &str = "/icons/areas.svg";

/// The area codes (`area_<code>` in `hoe-gaat-het.json`) that have a pictogram in [`SPRITE`]:
/// the record format's list of life areas, so a new area cannot miss its pictogram unnoticed.
pub const AREAS: [&str; 15] = crate::register::record::LIFE_AREAS;

/// The address of an area's pictogram, `None` when the area has none.
pub fn href(code: &str) -> Option<String> {
    AREAS.contains(&code).then(|| format!("{SPRITE}#{code}"))
}

/// The area code of a group's linkId (`area_housing` → `housing`) when that area has a pictogram.
pub fn area_of_group(link_id: &str) -> Option<&'static str> {
    let code = link_id.strip_prefix(AREA_GROUP_PREFIX)?;
    AREAS.iter().find(|a| **a == code).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{parse_questionnaire, ItemType};
    use std::collections::BTreeSet;

    const SELF_CHECK_JSON: &str = include_str!("../../public/questionnaires/hoe-gaat-het.json");
    const SPRITE_SVG: &str = include_str!("../../public/icons/areas.svg");

    /// The `id`s of the sprite's `<symbol>`s, each checked to be a 24×24 one-colour drawing.
    fn symbols() -> Vec<String> {
        SPRITE_SVG
            .split("<symbol ")
            .skip(1)
            .map(|s| {
                let open = &s[..s.find('>').expect("a symbol tag ends")];
                let body = &s[..s.find("</symbol>").expect("a symbol is closed")];
                assert!(open.contains(r#"viewBox="0 0 24 24""#), "24x24: {open}");
                // One colour, the text's: every fill and stroke is currentColor or none.
                let paints: Vec<&str> = ["fill=\"", "stroke=\""]
                    .into_iter()
                    .flat_map(|attr| body.split(attr).skip(1))
                    .map(|rest| &rest[..rest.find('"').unwrap()])
                    .collect();
                assert!(paints.contains(&"currentColor"), "no currentColor in {open}");
                assert!(paints.iter().all(|p| ["currentColor", "none"].contains(p)), "{paints:?} in {open}");
                assert!(!body.contains('#') && !body.contains("rgb"), "a fixed colour in {open}");
                let id = open.split("id=\"").nth(1).expect("a symbol has an id");
                id[..id.find('"').unwrap()].to_string()
            })
            .collect()
    }

    #[test]
    fn every_shipped_area_has_a_pictogram() {
        let q = parse_questionnaire(SELF_CHECK_JSON).expect("hoe-gaat-het.json parses");
        let areas: Vec<&str> = q
            .items
            .iter()
            .filter(|it| it.kind == ItemType::Group)
            .filter_map(|it| it.link_id.strip_prefix(AREA_GROUP_PREFIX))
            .collect();
        assert!(areas.len() > 10, "the self-check's areas: {areas:?}");
        for code in &areas {
            assert!(href(code).is_some(), "area {code} of hoe-gaat-het.json has no pictogram");
            assert_eq!(area_of_group(&format!("area_{code}")), Some(*code));
        }
        // The record format's list of life areas (the follow-up compares them) names the same.
        for code in crate::register::record::LIFE_AREAS {
            assert!(href(code).is_some(), "life area {code} of the record format has no pictogram");
        }
    }

    #[test]
    fn the_sprite_has_exactly_one_symbol_per_area() {
        let ids = symbols();
        let unique: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(unique.len(), ids.len(), "an id twice: {ids:?}");
        assert_eq!(unique, AREAS.into_iter().collect::<BTreeSet<_>>());
    }

    #[test]
    fn an_area_without_a_pictogram_has_none() {
        assert_eq!(href("housing").as_deref(), Some("/icons/areas.svg#housing"));
        assert_eq!(href("pets"), None);
        assert_eq!(area_of_group("area_pets"), None);
        assert_eq!(area_of_group("housing"), None, "only area groups");
        assert_eq!(area_of_group("housing_level"), None);
    }
}
