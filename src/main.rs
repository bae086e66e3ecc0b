//! Entry point of the standalone page: mount the form and hand over to Leptos.

fn main() {
    talkover_training_form::start();
}
