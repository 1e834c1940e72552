//! The app's pages and their addresses. Pure, so the mapping is tested natively.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    /// One of the questionnaires listed in `public/questionnaires/index.json`, by id.
    Questionnaire(QuestionnaireId),
    /// Urgent contacts: who to call now.
    Urgent,
    /// "Mijn lijsten": everything kept on this device.
    MyLists,
    /// "Mappen": the maps on this device (one per person), their PIN locks.
    Maps,
    /// The anonymous register records: review each one, then send it or not.
    Send,
    /// The municipality's published register figures.
    Register,
    /// "Wat gebeurt er met mijn antwoorden?": where answers stay, what is sent and only by
    /// choice, who sees the register, how to delete everything.
    Answers,
    /// "Balie": a wijkteam worker registers a question that came by phone, at the walk-in hour,
    /// by e-mail or via a partner (`crate::desk`).
    Desk,
    /// Content authors' preview; `q` is an optional same-origin URL of a questionnaire.
    Preview {
        q: Option<String>,
    },
    NotFound(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionnaireId {
    FitCheck,
    SelfCheck,
    FollowUp,
    /// "When was your question handled?": starts the six-week follow-up.
    FollowUpStart,
}

impl QuestionnaireId {
    /// File name (without `.json`) under `public/questionnaires/`.
    pub fn file_id(self) -> &'static str {
        match self {
            QuestionnaireId::FitCheck => "past-mijn-vraag",
            QuestionnaireId::SelfCheck => "hoe-gaat-het",
            QuestionnaireId::FollowUp => "vervolg",
            QuestionnaireId::FollowUpStart => "vervolg-start",
        }
    }

    /// Where its file is served.
    pub fn url(self) -> String {
        format!("/questionnaires/{}.json", self.file_id())
    }

    pub fn path(self) -> &'static str {
        match self {
            QuestionnaireId::FitCheck => "/past-mijn-vraag",
            QuestionnaireId::SelfCheck => "/hoe-gaat-het",
            QuestionnaireId::FollowUp => "/vervolg",
            QuestionnaireId::FollowUpStart => "/vervolg/start",
        }
    }

    pub const ALL: [QuestionnaireId; 4] = [
        QuestionnaireId::FitCheck,
        QuestionnaireId::SelfCheck,
        QuestionnaireId::FollowUp,
        QuestionnaireId::FollowUpStart,
    ];
}

impl Route {
    /// Pages that read or write the open map's records: behind the PIN when the map is locked.
    /// Urgent numbers, the public register and the map list stay reachable.
    pub fn needs_open_map(&self) -> bool {
        matches!(
            self,
            Route::Home | Route::Questionnaire(_) | Route::MyLists | Route::Send | Route::Desk | Route::Preview { .. }
        )
    }

    /// `path` is `location.pathname`, `query` is `location.search` (with or without `?`).
    pub fn parse(path: &str, query: &str) -> Route {
        let path = path.trim_end_matches('/');
        let path = if path.is_empty() { "/" } else { path };
        if path == "/" || path == "/index.html" {
            return Route::Home;
        }
        if let Some(id) = QuestionnaireId::ALL.into_iter().find(|q| q.path() == path) {
            return Route::Questionnaire(id);
        }
        if path == "/spoed" {
            return Route::Urgent;
        }
        if path == "/mijn-lijsten" {
            return Route::MyLists;
        }
        if path == "/mappen" {
            return Route::Maps;
        }
        if path == "/versturen" {
            return Route::Send;
        }
        if path == "/register" {
            return Route::Register;
        }
        if path == "/uw-antwoorden" {
            return Route::Answers;
        }
        if path == "/balie" {
            return Route::Desk;
        }
        if path == "/voorbeeld" {
            return Route::Preview { q: query_param(query, "q") };
        }
        Route::NotFound(path.to_string())
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Questionnaire(id) => id.path().into(),
            Route::Urgent => "/spoed".into(),
            Route::MyLists => "/mijn-lijsten".into(),
            Route::Maps => "/mappen".into(),
            Route::Send => "/versturen".into(),
            Route::Register => "/register".into(),
            Route::Answers => "/uw-antwoorden".into(),
            Route::Desk => "/balie".into(),
            Route::Preview { q: None } => "/voorbeeld".into(),
            Route::Preview { q: Some(q) } => format!("/voorbeeld?q={}", percent_encode(q)),
            Route::NotFound(p) => p.clone(),
        }
    }
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name && !v.is_empty()).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only same-origin addresses may be previewed: the app makes no third-party requests. `url` is
/// read the way a browser's URL parser reads an address relative to the page (WHATWG URL): tabs
/// and line breaks anywhere are dropped, leading and trailing control characters and spaces are
/// trimmed, and `\\` counts as `/`. What is left must be a path on this origin (`/x.json`, or
/// relative like `x.json`), never `//host/…` or `scheme:…`. Returns the cleaned address, which is
/// what is then fetched, so the check and the request read the same text.
pub fn same_origin_address(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    if cleaned.is_empty() || cleaned.starts_with("//") {
        return None;
    }
    // A scheme (`https:`, `javascript:`, `data:`, …): letters, digits, `+`, `-`, `.` before the
    // first `:`, and that `:` before any `/`, `?` or `#`.
    let head = cleaned.split(['/', '?', '#']).next().unwrap_or_default();
    if head.contains(':') {
        return None;
    }
    Some(cleaned)
}

/// Whether `url` is a same-origin address (see [`same_origin_address`]).
pub fn is_same_origin_path(url: &str) -> bool {
    same_origin_address(url).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_routes_and_back() {
        for r in [
            Route::Home,
            Route::Questionnaire(QuestionnaireId::FitCheck),
            Route::Questionnaire(QuestionnaireId::SelfCheck),
            Route::Questionnaire(QuestionnaireId::FollowUp),
            Route::Urgent,
            Route::MyLists,
            Route::Maps,
            Route::Send,
            Route::Register,
            Route::Answers,
            Route::Desk,
            Route::Preview { q: None },
            Route::Preview { q: Some("/questionnaires/a b.json".into()) },
        ] {
            let href = r.href();
            let (path, query) = href.split_once('?').unwrap_or((&href, ""));
            assert_eq!(Route::parse(path, query), r, "{href}");
        }
        assert_eq!(Route::parse("/vervolg/", ""), Route::Questionnaire(QuestionnaireId::FollowUp));
        assert_eq!(Route::parse("/vervolg/start", ""), Route::Questionnaire(QuestionnaireId::FollowUpStart));
        assert_eq!(Route::parse("/onzin", ""), Route::NotFound("/onzin".into()));
        assert_eq!(Route::parse("/uw-antwoorden/", "?x=1"), Route::Answers);
    }

    #[test]
    fn a_locked_map_keeps_urgent_help_and_the_map_list_reachable() {
        assert!(!Route::Urgent.needs_open_map());
        assert!(!Route::Maps.needs_open_map());
        assert!(!Route::Register.needs_open_map());
        // What happens to answers is readable before the PIN: it says what a PIN does.
        assert!(!Route::Answers.needs_open_map());
        assert!(Route::Home.needs_open_map());
        assert!(Route::MyLists.needs_open_map());
        // The desk keeps its questions in the open map's outbox until the collector has them.
        assert!(Route::Desk.needs_open_map());
        assert_eq!(Route::parse("/balie/", ""), Route::Desk);
        assert!(Route::Questionnaire(QuestionnaireId::SelfCheck).needs_open_map());
    }

    #[test]
    fn preview_only_same_origin() {
        assert!(is_same_origin_path("/questionnaires/x.json"));
        assert!(!is_same_origin_path("//evil.example/x.json"));
        assert!(!is_same_origin_path("https://evil.example/x.json"));
        assert!(!is_same_origin_path("/\\evil.example"));
        // Read the way the browser reads an address: a tab or line break inside is dropped, so
        // `/<tab>/evil.example` is `//evil.example`, another host.
        for q in ["?q=/%09/evil.example/x.json", "?q=%2F%0A%2Fevil.example/x.json", "?q=%20//evil.example/x.json"] {
            let Route::Preview { q: Some(url) } = Route::parse("/voorbeeld", q) else { panic!("{q}") };
            assert_eq!(same_origin_address(&url), None, "{q}");
        }
        for bad in [
            "\\\\evil.example/x",
            "/\\evil.example",
            "\t//evil.example",
            "javascript:alert(1)",
            "HTTPS://evil.example",
            "data:application/json,{}",
            " https://evil.example/x.json",
            "",
        ] {
            assert_eq!(same_origin_address(bad), None, "{bad:?}");
        }
        assert_eq!(same_origin_address("/questionnaires/x.json").as_deref(), Some("/questionnaires/x.json"));
        assert_eq!(same_origin_address("x.json?v=a:b").as_deref(), Some("x.json?v=a:b"));
        assert_eq!(same_origin_address("/a\tb.json").as_deref(), Some("/ab.json"));
        assert_eq!(query_param("?q=%2Fa%20b.json&x=1", "q").as_deref(), Some("/a b.json"));
        assert_eq!(query_param("?q=%zz", "q").as_deref(), Some("%zz"));
        assert_eq!(query_param("?q=%2", "q").as_deref(), Some("%2"));
    }
}
