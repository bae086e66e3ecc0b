//! Entry point of the bundle with the agent workspace (built with the
//! `workspace` feature, as a second Rust asset of index.html): the same start.

fn main() {
    talkover_training_form::start();
}
