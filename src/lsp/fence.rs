//! The fence around every request and notification handler: a handler that panics costs that
//! one answer (an InternalError reply, or nothing for a notification) and one log line, never
//! the server. tower-lsp-server would otherwise let the panic end the task that serves the
//! connection, and the editor would lose its server until restarted.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::FutureExt;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};

use crate::panics::{self, Quiet};

/// Wraps the protocol service so that each call is caught on its own.
pub struct Fenced<S> {
    inner: S,
}

impl<S> Fenced<S> {
    pub fn new(inner: S) -> Fenced<S> {
        Fenced { inner }
    }
}

type Answer<E> = Pin<Box<dyn Future<Output = Result<Option<Response>, E>> + Send>>;

impl<S> Service<Request> for Fenced<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Answer<S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let id = request.id().cloned();
        let method = request.method().to_string();
        let started = {
            let _quiet = Quiet::enter();
            std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(request)))
        };
        let mut answer = match started {
            Ok(answer) => Box::pin(answer),
            Err(payload) => {
                let reply = failed(&method, id, &panics::describe(payload.as_ref()));
                return Box::pin(async move { Ok(reply) });
            }
        };
        let inject = panics::injected("request-panic").is_some_and(|m| m == method);
        // Each poll runs quietly: the reply below is the one report of a panic.
        let quiet = std::future::poll_fn(move |cx| {
            let _quiet = Quiet::enter();
            if inject {
                panic!("injected fault");
            }
            answer.as_mut().poll(cx)
        });
        Box::pin(async move {
            match AssertUnwindSafe(quiet).catch_unwind().await {
                Ok(answer) => answer,
                Err(payload) => Ok(failed(&method, id, &panics::describe(payload.as_ref()))),
            }
        })
    }
}

/// Logs a handler's panic; a request (it has an id) gets an InternalError reply.
fn failed(method: &str, id: Option<tower_lsp_server::jsonrpc::Id>, why: &str) -> Option<Response> {
    eprintln!("factline: {method} failed: {why}; the server carries on");
    id.map(|id| {
        Response::from_error(
            id,
            Error {
                code: ErrorCode::InternalError,
                message: format!("factline: {method} failed with an internal error (logged); the server carries on").into(),
                data: None,
            },
        )
    })
}
