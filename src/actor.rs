//! Who a headless command acts as. The account is the one the kernel says runs the process
//! (`cli:ACCOUNT` in the audit log), never `$USER`. When the service account's own config maps
//! that account to an operator (`[session.accounts]`), the command acts as that operator: their
//! role must allow it, and what they read goes through their scope.

use crate::config::Config;
use crate::domain::permission::Need;
use crate::store::Conn as Connection;
use crate::store::Store;
use crate::store::operators::Operator;
use crate::system::identity::Account;
use anyhow::{Result, bail};

pub struct Actor {
    pub account: Account,
    pub operator: Option<Operator>,
}

/// Where a command reads: the office, or the operator's scoped view of it.
pub enum Reader<'s> {
    Office(&'s Connection),
    Scoped(Connection),
}

impl std::ops::Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Reader::Office(c) => c,
            Reader::Scoped(c) => c,
        }
    }
}

impl Actor {
    /// The running account, and its operator if `service` (the service account's config) maps it.
    pub fn resolve(service: &Config, store: &Store) -> Result<Actor> {
        let account = crate::system::identity::real();
        let operator = match service.session.operator_for(&account.name) {
            None => None,
            Some(name) => match crate::store::operators::find(store.conn(), name)? {
                Some(op) => Some(op),
                None => bail!(
                    "the service account's config maps account {} to operator {name}, who does not exist or is disabled",
                    account.name
                ),
            },
        };
        Ok(Actor { account, operator })
    }

    /// The account alone, for commands that open no database (or before it is open).
    pub fn account_only() -> Actor {
        Actor { account: crate::system::identity::real(), operator: None }
    }

    /// The name audit rows carry: `cli:ACCOUNT`, or `OPERATOR (cli:ACCOUNT)`.
    pub fn audit_name(&self) -> String {
        match &self.operator {
            Some(op) => format!("{} (cli:{})", op.name, self.account.name),
            None => format!("cli:{}", self.account.name),
        }
    }

    /// Refuses what the mapped operator's role does not allow (`what` names the command).
    pub fn require(&self, need: Need, what: &str) -> Result<()> {
        if let Some(op) = &self.operator
            && !op.role.can(need)
        {
            bail!(
                "{what}: account {} acts as {} ({}), and that needs {}",
                self.account.name,
                op.name,
                op.role.code(),
                need.least_role().code()
            );
        }
        Ok(())
    }

    /// The connection reads go through: scoped when the operator is limited to some grids.
    pub fn reader<'s>(&self, store: &'s Store) -> Result<Reader<'s>> {
        let Some(op) = &self.operator else { return Ok(Reader::Office(store.conn())) };
        Ok(match crate::store::scope::grids_of(store.conn(), &op.name)? {
            Some(grids) => Reader::Scoped(crate::store::scope::scoped_connection(store.path(), &grids, &op.name)?),
            None => Reader::Office(store.conn()),
        })
    }

    /// Whether a unit may be named by this actor (in scope).
    pub fn sees_unit(&self, store: &Store, unit_id: i64) -> Result<bool> {
        Ok(match self.reader(store)? {
            Reader::Office(_) => true,
            Reader::Scoped(c) => crate::store::scope::visible(&c, crate::store::scope::ScopedTable::Unit, unit_id)?,
        })
    }
}
