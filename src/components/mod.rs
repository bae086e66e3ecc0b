//! The UI, one component per file.

mod app;
mod character_count;
mod error_message;
mod error_summary;
mod request_error;
mod status_field;
mod success_panel;
mod text_field;
mod token_field;
mod training_form;

pub use app::App;
pub use character_count::CharacterCount;
pub use error_message::ErrorMessage;
pub use error_summary::ErrorSummary;
pub use request_error::RequestError;
pub use status_field::StatusField;
pub use success_panel::SuccessPanel;
pub use text_field::TextField;
pub use token_field::TokenField;
pub use training_form::TrainingForm;
