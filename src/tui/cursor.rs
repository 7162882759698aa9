//! A cursor over a list loaded whole (checklist items, log entries): movement by the navigation
//! actions, and the first row shown so that the cursor stays in view.

use super::action::Action;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: usize,
    pub offset: usize,
}

impl Cursor {
    /// Keeps the cursor inside a list of `n` rows and in view of `height` rows.
    pub fn clamp(&mut self, n: usize, height: usize) {
        self.at = self.at.min(n.saturating_sub(1));
        self.keep_visible(height);
    }

    pub fn keep_visible(&mut self, height: usize) {
        let rows = height.max(1);
        if self.at < self.offset {
            self.offset = self.at;
        } else if self.at >= self.offset + rows {
            self.offset = self.at + 1 - rows;
        }
    }

    /// Moves by a navigation action over `n` rows; false when the action is not a movement.
    pub fn navigate(&mut self, action: Action, n: usize, height: usize) -> bool {
        if n == 0 {
            return false;
        }
        let page = height.max(2) - 1;
        self.at = match action {
            Action::Down => (self.at + 1).min(n - 1),
            Action::Up => self.at.saturating_sub(1),
            Action::PageDown => (self.at + page).min(n - 1),
            Action::PageUp => self.at.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => n - 1,
            _ => return false,
        };
        self.keep_visible(height);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_stays_in_view() {
        let mut c = Cursor::default();
        assert!(c.navigate(Action::PageDown, 50, 10));
        assert_eq!((c.at, c.offset), (9, 0));
        c.navigate(Action::Down, 50, 10);
        assert_eq!((c.at, c.offset), (10, 1));
        c.navigate(Action::Bottom, 50, 10);
        assert_eq!((c.at, c.offset), (49, 40));
        c.clamp(5, 10);
        assert_eq!((c.at, c.offset), (4, 4));
        assert!(!c.navigate(Action::Open, 5, 10));
    }
}
