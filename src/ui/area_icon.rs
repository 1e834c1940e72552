//! A life area's pictogram beside its name: on the self-check's screens (the heading of each
//! area's screen) and on its result (the area lines and the agenda). Drawn as
//! `<svg><use href="/icons/areas.svg#<code>"/></svg>` (see `crate::self_check::pictograms`), so
//! the drawings are one small file fetched when first needed, not code in the first download,
//! and they take the text's colour. Hidden from screen readers: the name beside it is the text,
//! and it must not be read twice. It sits at the start of the line, also right-to-left (CSS
//! `.area-icon`, logical margins).

use crate::engine::{ItemId, Questionnaire};
use crate::self_check::pictograms;
use leptos::prelude::*;

/// The pictogram of an area code; nothing for an area without one.
pub fn area_icon(code: &str) -> Option<impl IntoView + use<>> {
    let href = pictograms::href(code)?;
    // width/height are a fallback for when the styles are missing (an SVG is 300×150 by default).
    Some(view! {
        <svg class="area-icon" aria-hidden="true" width="24" height="24">
            <use href=href/>
        </svg>
    })
}

/// The pictogram for a questionnaire group when it is a life area (`area_<code>`).
pub fn for_group(def: &Questionnaire, id: ItemId) -> Option<impl IntoView + use<>> {
    pictograms::area_of_group(&def.item(id).link_id).and_then(area_icon)
}
