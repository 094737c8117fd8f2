// Polls the video's progress while it is processed; plays the preview with hls.js when ready.
(function () {
  "use strict";
  const section = document.getElementById("video-status");
  if (!section) return;
  const bar = document.getElementById("video-progress");
  const label = document.getElementById("video-status-label");
  const percent = document.getElementById("video-progress-text");

  async function poll() {
    const answer = await fetch(section.dataset.statusUrl, { credentials: "same-origin" });
    const state = await answer.json();
    bar.value = Math.floor(state.progress);
    percent.textContent = Math.floor(state.progress) + "%";
    label.textContent = state.status_label;
    if (state.running) {
      window.setTimeout(poll, 2000);
    } else {
      window.location.reload();
    }
  }
  if (section.dataset.running === "true") window.setTimeout(poll, 2000);

  const video = document.getElementById("video-preview");
  if (video) {
    window.addEventListener("load", function () {
      const source = video.dataset.hls;
      if (window.Hls && window.Hls.isSupported()) {
        const player = new window.Hls();
        player.loadSource(source);
        player.attachMedia(video);
      } else {
        video.src = source;
      }
    });
  }
})();
