//! Keyset paging: a list page starts just after (or before) the sort key of a row the screen
//! already holds, instead of skipping `OFFSET` rows. The cost of a page no longer grows with its
//! depth, and rows inserted or deleted while an officer scrolls never make a row show twice or
//! go missing between pages.

use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};

/// A row's position in a list's order: the values of the order's expressions for that row.
pub type Key = Vec<Value>;

/// One value of a key (re-exported so that other layers need not name SQLite's types).
pub use rusqlite::types::Value as KeyValue;

/// Where a page starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Seek {
    First,
    /// The last rows of the list (read backwards, handed back in list order).
    Last,
    /// The rows that sort after this key.
    After(Key),
    /// The rows from this key on, the row itself included (a reload that keeps its place).
    From(Key),
    /// The rows that sort just before this key (scrolling up), handed back in list order.
    Before(Key),
    /// Skip rows; only for lists merged in memory, which have no key to seek by.
    Offset(usize),
}

impl Seek {
    /// Whether a page asked for this way is worth counting the list for: it opens the query, or
    /// jumps to the end, whose place is only known from a fresh count.
    pub fn opens(&self) -> bool {
        matches!(self, Seek::First | Seek::From(_) | Seek::Offset(0) | Seek::Last)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

/// A list's total order: expressions (never NULL, so comparisons are defined) with directions;
/// the last one must be unique per row.
pub struct Order(pub &'static [(&'static str, Dir)]);

/// Rows of a page with the key of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub keys: Vec<Key>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { rows: Vec::new(), keys: Vec::new() }
    }
}

impl<T> Page<T> {
    /// Rows of a list merged in memory, which carries no keys.
    pub fn unkeyed(rows: Vec<T>) -> Self {
        Page { rows, keys: Vec::new() }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { rows: self.rows.into_iter().map(f).collect(), keys: self.keys }
    }
}

/// Where the key predicate goes: `WHERE` for plain lists, `HAVING` for grouped ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Where,
    Having,
}

/// A page query's pieces.
pub struct PageQuery<'a> {
    /// `SELECT <columns>` without the key columns, which are appended.
    pub select: &'a str,
    /// `FROM … JOIN …`.
    pub from: &'a str,
    /// `WHERE …` or empty, and its arguments.
    pub clause: String,
    pub args: Vec<Value>,
    /// `GROUP BY …` or empty.
    pub group: &'a str,
    pub filter: Filter,
}

impl Order {
    fn columns(&self) -> String {
        self.0.iter().map(|(e, _)| *e).collect::<Vec<_>>().join(", ")
    }

    fn order_by(&self, backwards: bool) -> String {
        self.0
            .iter()
            .map(|(e, d)| {
                let asc = (*d == Dir::Asc) != backwards;
                format!("{e} {}", if asc { "ASC" } else { "DESC" })
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `key` compared with the rows: rows after it (`forward`) or before it. The first column is
    /// also bounded on its own so that SQLite starts its index walk at the key.
    fn predicate(&self, key: &Key, forward: bool, inclusive: bool, args: &mut Vec<Value>) -> Option<String> {
        if key.len() != self.0.len() || key.is_empty() {
            return None;
        }
        let op = |d: Dir| if (d == Dir::Asc) == forward { ">" } else { "<" };
        let (first, d0) = self.0[0];
        let mut sql = format!("{first} {}= ? AND ", op(d0));
        args.push(key[0].clone());
        let last = self.0.len() - 1;
        let mut close = String::new();
        for (i, (e, d)) in self.0.iter().enumerate() {
            let strict = if i == last && inclusive { format!("{}=", op(*d)) } else { op(*d).to_string() };
            if i == last {
                sql.push_str(&format!("{e} {strict} ?"));
                args.push(key[i].clone());
            } else {
                sql.push_str(&format!("({e} {strict} ? OR ({e} = ? AND "));
                args.push(key[i].clone());
                args.push(key[i].clone());
                close.push_str("))");
            }
        }
        sql.push_str(&close);
        Some(format!("({sql})"))
    }
}

/// One page of a list in `order`, starting where `seek` says; each row read by `row` from the
/// leading columns, its key from the trailing ones.
pub fn fetch<T>(
    conn: &Connection,
    q: PageQuery<'_>,
    order: &Order,
    seek: &Seek,
    limit: i64,
    row: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Page<T>> {
    let mut args = q.args;
    let (pred, backwards) = match seek {
        Seek::First | Seek::Offset(_) => (None, false),
        Seek::Last => (None, true),
        Seek::After(k) => (order.predicate(k, true, false, &mut args), false),
        Seek::From(k) => (order.predicate(k, true, true, &mut args), false),
        Seek::Before(k) => (order.predicate(k, false, false, &mut args), true),
    };
    let (clause, having) = match (pred, q.filter) {
        (None, _) => (q.clause, String::new()),
        (Some(p), Filter::Having) => (q.clause, format!("HAVING {p}")),
        (Some(p), Filter::Where) if q.clause.is_empty() => (format!("WHERE {p}"), String::new()),
        (Some(p), Filter::Where) => (format!("{} AND {p}", q.clause), String::new()),
    };
    // A key that does not fit the order (a stale screen) reads from the top rather than failing.
    let mut sql = format!(
        "{}, {} {} {clause} {} {having} ORDER BY {} LIMIT ?",
        q.select,
        order.columns(),
        q.from,
        q.group,
        order.order_by(backwards)
    );
    args.push(Value::Integer(limit));
    if let Seek::Offset(n) = seek {
        sql.push_str(" OFFSET ?");
        args.push(Value::Integer(*n as i64));
    }
    let n = order.0.len();
    let mut page = Page::default();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        let start = r.as_ref().column_count() - n;
        page.keys.push((start..start + n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<_>>()?);
        page.rows.push(row(r)?);
    }
    if backwards {
        page.rows.reverse();
        page.keys.reverse();
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: Order = Order(&[("b", Dir::Desc), ("a", Dir::Asc)]);

    fn table() -> Connection {
        let c = Connection::open_in_memory().expect("memory db");
        c.execute_batch(
            "CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER NOT NULL);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
             INSERT INTO t SELECT i, i % 7 FROM n;",
        )
        .expect("table");
        c
    }

    fn ids(c: &Connection, seek: &Seek, limit: i64) -> Page<i64> {
        let q = PageQuery {
            select: "SELECT a",
            from: "FROM t",
            clause: String::new(),
            args: vec![],
            group: "",
            filter: Filter::Where,
        };
        fetch(c, q, &ORDER, seek, limit, |r| r.get(0)).expect("page")
    }

    #[test]
    fn pages_forward_and_backward_cover_the_list_once_in_order() {
        let c = table();
        let all = ids(&c, &Seek::First, 1000).rows;
        assert_eq!(all.len(), 50);
        let mut seen = Vec::new();
        let mut seek = Seek::First;
        loop {
            let p = ids(&c, &seek, 7);
            let Some(k) = p.keys.last().cloned() else { break };
            seen.extend(p.rows);
            seek = Seek::After(k);
        }
        assert_eq!(seen, all, "forward pages in list order, each row once");
        let mut back = Vec::new();
        let mut seek = Seek::Last;
        loop {
            let p = ids(&c, &seek, 6);
            let Some(k) = p.keys.first().cloned() else { break };
            back.splice(0..0, p.rows);
            seek = Seek::Before(k);
        }
        assert_eq!(back, all, "backward pages too");
        let from = ids(&c, &Seek::From(ids(&c, &Seek::Offset(10), 1).keys[0].clone()), 3).rows;
        assert_eq!(from, all[10..13], "From includes the row itself");
    }
}
