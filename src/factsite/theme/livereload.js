/* factsite serve: reload the page once the preview is rebuilt (publish/preview.py).
   The preview server adds this script to every page it sends, with the server's epoch when
   it sent the page (data-epoch). The script asks the same server, and only it, for a newer
   epoch: the request waits until a rebuild (or answers the same epoch after a while, and is
   asked again). A newer epoch reloads the page; a failed request is asked again a second
   later, so a restarted server reloads the pages it finds open. Never part of a built site. */
(() => {
  "use strict";
  const script = document.currentScript;
  const epoch = Number(script && script.dataset.epoch) || 0;
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function watch() {
    for (;;) {
      try {
        const response = await fetch(`/.factsite/reload?epoch=${epoch}`, { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        if (Number(await response.text()) > epoch) {
          location.reload();
          return;
        }
      } catch {
        await pause(1000);
      }
    }
  }

  watch();
})();
