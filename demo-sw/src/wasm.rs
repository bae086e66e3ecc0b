//! What the service worker calls (`wasm_bindgen.start`, `.handle`,
//! `.snapshot`, built with `--target no-modules`), and the `delay` fault's
//! timer on the worker's `setTimeout`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use wasm_bindgen::prelude::*;

use crate::Demo;

thread_local! {
    static DEMO: RefCell<Option<Demo>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, ms: f64) -> JsValue;
}

/// A `Send` timer for `local_api::Config::sleep`: the future holds only a
/// channel's receiving end; the JavaScript callback, which sends, is handed
/// to `setTimeout` and freed once called.
fn sleep(d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let callback = Closure::once_into_js(move || {
        let _ = tx.send(());
    });
    set_timeout(&callback, d.as_millis() as f64);
    Box::pin(async move {
        let _ = rx.await;
    })
}

/// Starts the server with the data the worker kept (`saved`, JSON from
/// `snapshot`), or the seed. True when `saved` was used.
#[wasm_bindgen]
pub fn start(saved: Option<String>) -> bool {
    let (demo, used) = Demo::new(saved.as_deref(), sleep);
    DEMO.with(|d| *d.borrow_mut() = Some(demo));
    used
}

/// The store as JSON.
#[wasm_bindgen]
pub fn snapshot() -> String {
    current().snapshot()
}

fn current() -> Demo {
    DEMO.with(|d| {
        d.borrow_mut()
            .get_or_insert_with(|| Demo::new(None, sleep).0)
            .clone()
    })
}

/// One answer, read by the worker through its getters.
#[wasm_bindgen]
pub struct Answer(crate::Reply);

#[wasm_bindgen]
impl Answer {
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// Names and values, one after the other.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.0
            .headers
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect()
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.0.body.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn dropped(&self) -> bool {
        self.0.dropped
    }

    /// The store as JSON after a request that may have changed it, else undefined.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> Option<String> {
        self.0.state.clone()
    }
}

/// Answers a request: `headers` as names and values one after the other.
#[wasm_bindgen]
pub async fn handle(method: String, path: String, headers: Vec<String>, body: Vec<u8>) -> Answer {
    let pairs: Vec<(String, String)> = headers
        .as_chunks::<2>()
        .0
        .iter()
        .map(|[k, v]| (k.clone(), v.clone()))
        .collect();
    let demo = current();
    Answer(demo.handle(&method, &path, &pairs, body).await)
}
