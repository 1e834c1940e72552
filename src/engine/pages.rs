//! Splitting a questionnaire into screens: each top-level group is one screen; top-level
//! questions get a screen each, with display items before them on the same screen.

use super::form::{Form, Slot};
use super::model::*;

/// Where the person is among the visible screens: what the progress line and the buttons show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Navigation {
    /// This screen's number among the visible screens (1-based).
    pub current: usize,
    pub total: usize,
    pub has_previous: bool,
    pub is_last: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Top-level items shown on this screen.
    pub roots: Vec<ItemId>,
}

pub fn pages(def: &Questionnaire) -> Vec<Page> {
    let mut out = Vec::new();
    let mut pending_display: Vec<ItemId> = Vec::new();
    for &r in &def.roots {
        match def.item(r).kind {
            ItemType::Display => pending_display.push(r),
            _ => {
                let mut roots = std::mem::take(&mut pending_display);
                roots.push(r);
                out.push(Page { roots });
            }
        }
    }
    if !pending_display.is_empty() {
        out.push(Page { roots: pending_display });
    }
    out
}

impl Form {
    /// A page is shown when at least one of its items is enabled and not hidden.
    pub fn page_visible(&self, page: &Page) -> bool {
        page.roots.iter().any(|&r| !self.def.item(r).hidden && self.is_enabled(&Slot::new(r, Vec::new())))
    }

    /// Next visible page after `from`, if any.
    pub fn next_page(&self, pages: &[Page], from: usize) -> Option<usize> {
        (from + 1..pages.len()).find(|&i| self.page_visible(&pages[i]))
    }

    pub fn previous_page(&self, pages: &[Page], from: usize) -> Option<usize> {
        (0..from.min(pages.len())).rev().find(|&i| self.page_visible(&pages[i]))
    }

    pub fn first_page(&self, pages: &[Page]) -> Option<usize> {
        (0..pages.len()).find(|&i| self.page_visible(&pages[i]))
    }

    /// Progress and button state for screen `current`, from one pass over the screens.
    pub fn navigation(&self, pages: &[Page], current: usize) -> Navigation {
        let visible: Vec<usize> = (0..pages.len()).filter(|&i| self.page_visible(&pages[i])).collect();
        Navigation {
            current: visible.iter().filter(|&&i| i <= current).count().max(1),
            total: visible.len().max(1),
            has_previous: visible.iter().any(|&i| i < current),
            is_last: !visible.iter().any(|&i| i > current),
        }
    }
}
