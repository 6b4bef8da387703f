//! A stand-in for a remote service, shared by the fakes of the integration tests and by the
//! benchmark (`examples/bench/`), so it needs nothing from the test harness.

use std::sync::mpsc;
use std::time::Duration;

/// A stand-in for a remote service (Kartra, PayPal): an actix server on 127.0.0.1 in its own
/// thread and runtime, answering every request with `handle`. Returns its port and a handle
/// that stops it.
pub fn fake_server<F, Fut>(handle: F) -> (u16, actix_web::dev::ServerHandle)
where
    F: Fn(actix_web::HttpRequest, actix_web::web::Bytes) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = actix_web::HttpResponse> + 'static,
{
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app =
                move || actix_web::App::new().default_service(actix_web::web::to(handle.clone()));
            let server = actix_web::HttpServer::new(app)
                .workers(1)
                .disable_signals()
                .shutdown_timeout(0);
            let server = server.bind(("127.0.0.1", 0)).expect("a fake binds");
            let port = server.addrs()[0].port();
            let server = server.run();
            tx.send((port, server.handle())).unwrap();
            let _ = server.await;
        })
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the fake is up")
}
