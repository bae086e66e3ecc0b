//! The UI, one component per file.

pub(crate) mod a11y;
#[cfg(feature = "workspace")]
mod agent_header;
mod app;
mod character_count;
#[cfg(feature = "workspace")]
mod delete_confirm;
mod edit_notice;
mod error_message;
mod error_summary;
mod form_outcome;
mod replace_question;
mod request_error;
mod status_field;
pub(crate) mod success_panel;
mod text_field;
mod token_field;
mod training_form;
#[cfg(feature = "workspace")]
mod training_list;
#[cfg(feature = "workspace")]
mod workspace;

#[cfg(feature = "workspace")]
pub use agent_header::AgentHeader;
pub use app::App;
pub use character_count::CharacterCount;
#[cfg(feature = "workspace")]
pub use delete_confirm::DeleteConfirm;
pub use edit_notice::EditNotice;
pub use error_message::ErrorMessage;
pub use error_summary::ErrorSummary;
pub use form_outcome::FormOutcome;
pub use replace_question::ReplaceQuestion;
pub use request_error::RequestError;
pub use status_field::StatusField;
pub use success_panel::SuccessPanel;
pub use text_field::TextField;
pub use token_field::TokenField;
pub use training_form::TrainingForm;
#[cfg(feature = "workspace")]
pub use training_list::TrainingList;
#[cfg(feature = "workspace")]
pub use workspace::Workspace;
