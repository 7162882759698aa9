//! Writes the demo town's sheets to `fixtures/demo/`. Run once after changing the generator:
//! `cargo run --example demo_fixtures`, then review the diff of the CSV files.

fn main() -> std::io::Result<()> {
    let sheets = anjian::generate::generate(&anjian::generate::Shape::demo_town());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    std::fs::create_dir_all(&dir)?;
    for (name, text) in [
        ("grids.csv", &sheets.grids),
        ("officers.csv", &sheets.officers),
        ("units.csv", &sheets.units),
        ("teams.csv", &sheets.teams),
        ("inspections.csv", &sheets.inspections),
        ("hazards.csv", &sheets.hazards),
    ] {
        std::fs::write(dir.join(name), text)?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}
