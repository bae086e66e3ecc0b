// When a pre-rendered form may give way to the app: not before the page's
// first frame is on screen and, where the browser reports it, its Largest
// Contentful Paint has been reported. Replaced earlier, the markup painted in
// that frame would no longer count as painted (a removed candidate is dropped
// from the report), and the page's LCP would become the app's mount. On a
// phone the wasm comes long after that frame; on a fast link this waits a
// frame or two. At once in a hidden tab (which paints nothing), and after
// 300 ms at the latest. The loader and talkover-training.js (postbuild.mjs)
// embed this function's own source.
export function afterFirstFrame() {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve();
    setTimeout(resolve, 300);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (!PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) return resolve();
        new PerformanceObserver((_, observer) => {
          observer.disconnect();
          resolve();
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
    );
  });
}
