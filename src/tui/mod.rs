pub fn run(
    _s: crate::store::Store,
    _c: &crate::config::Config,
    _l: crate::i18n::Lang,
    _o: Option<crate::store::operators::Operator>,
) -> anyhow::Result<()> {
    Ok(())
}
