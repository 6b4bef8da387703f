//! `Authorization: Bearer <token>` for the JSON API.

use crate::db;
use crate::error::AppError;
use crate::web::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;

/// An authenticated API caller: the id of the token it used.
pub struct ApiClient {
    pub token_id: crate::domain::ids::ApiTokenId,
}

impl FromRequest for ApiClient {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<ApiClient, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        Box::pin(async move {
            let missing = || {
                AppError::unauthorized("Send a valid API token as Authorization: Bearer <token>.")
            };
            let (Some(state), Some(token)) = (state, token) else {
                return Err(missing());
            };
            let now = state.clock.now();
            let found = state
                .db(move |conn| Ok(db::api_tokens::authenticate(conn, &token, now)?))
                .await?;
            found
                .map(|token_id| ApiClient { token_id })
                .ok_or_else(missing)
        })
    }
}
