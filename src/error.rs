//! One error type for every handler: a status, a stable snake_case code, a sentence safe for
//! the public, and (for validation) the fields at fault. The log sees the underlying chain.

use crate::domain::validation::FieldErrors;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: FieldErrors,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for AppError {}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            code,
            message: message.into(),
            fields: FieldErrors::default(),
        }
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, code, message)
    }
    pub fn not_found(what: &str) -> AppError {
        AppError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No such {what}."),
        )
    }
    pub fn unauthorized(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }
    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::CONFLICT, code, message)
    }
    /// 422 for values that parse but break a rule.
    pub fn invalid(fields: FieldErrors) -> AppError {
        AppError {
            message: fields.summary(),
            fields,
            ..AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "")
        }
    }
    /// Something on our side; the cause goes to the log, never to the client.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %cause, "internal error");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side; it has been logged.",
        )
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> AppError {
        AppError::internal(format!("database: {e}"))
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> AppError {
        AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_busy",
            "The database is busy; try again.",
        )
        .logged(&e)
    }
}

impl From<crate::fulfillment::WorkError> for AppError {
    fn from(e: crate::fulfillment::WorkError) -> AppError {
        match e {
            crate::fulfillment::WorkError::Db(e) => e.into(),
            crate::fulfillment::WorkError::Pool(e) => e.into(),
            other => AppError::internal(other.to_string()),
        }
    }
}

impl From<crate::orders::LedgerError> for AppError {
    fn from(e: crate::orders::LedgerError) -> AppError {
        match e {
            crate::orders::LedgerError::Db(e) => e.into(),
            crate::orders::LedgerError::Pool(e) => e.into(),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::internal(format!("blocking pool: {e}"))
    }
}

impl AppError {
    fn logged(self, cause: &dyn std::fmt::Display) -> AppError {
        tracing::warn!(error = %cause, code = self.code, "request failed");
        self
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status
    }
    fn error_response(&self) -> HttpResponse {
        let mut error = json!({"code": self.code, "message": self.message});
        if !self.fields.is_empty() {
            error["fields"] = self.fields.to_json();
        }
        let mut response = HttpResponse::build(self.status);
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        response.json(json!({ "error": error }))
    }
}

/// A refused save: a conflict is 409 naming its field, invalid input 422.
impl From<crate::db::SaveError> for AppError {
    fn from(e: crate::db::SaveError) -> AppError {
        match e {
            crate::db::SaveError::Conflict {
                code,
                field,
                message,
            } => {
                let mut error = AppError::conflict(code, format!("{field} {message}."));
                error.fields.add(field, message);
                error
            }
            crate::db::SaveError::Invalid(fields) => AppError::invalid(fields),
            crate::db::SaveError::Db(e) => e.into(),
        }
    }
}
