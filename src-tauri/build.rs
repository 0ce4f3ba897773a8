fn main() {
    // generate_context! embeds ui/dist; rebuild the shell whenever the built UI changes.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build()
}
