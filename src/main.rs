//! Browser entry point: the app itself lives in the library (`wijkpeil::ui`).
#[cfg(target_arch = "wasm32")]
fn main() {
    wijkpeil::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Wijkpeil draait in de browser. Gebruik: scripts/serve.sh");
}
