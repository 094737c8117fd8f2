// The editors' player: the recording's HLS ladder through hls.js, and playing one stretch of it.

export function attachPlayer(video) {
  const source = video.dataset.hls;
  if (window.Hls && window.Hls.isSupported()) {
    const player = new window.Hls();
    player.loadSource(source);
    player.attachMedia(video);
  } else {
    video.src = source;
  }
}

function whenSeekable(video) {
  if (video.readyState >= 1) return Promise.resolve();
  return new Promise((resolve) => video.addEventListener("loadedmetadata", resolve, { once: true }));
}

let stopWatching = null;

// Play from `start` and pause at `end` (seconds of the recording), as the clip will play.
export async function playRange(video, start, end) {
  if (stopWatching) stopWatching();
  await whenSeekable(video);
  const watch = () => {
    if (video.currentTime >= end - 0.05) {
      video.pause();
      stopWatching();
    }
  };
  stopWatching = () => {
    video.removeEventListener("timeupdate", watch);
    stopWatching = null;
  };
  video.currentTime = start;
  video.addEventListener("timeupdate", watch);
  await video.play().catch(() => {});
}

// The officer's own seeking or pressing play ends a preview's automatic stop.
export function stopPreview() {
  if (stopWatching) stopWatching();
}

export function readJson(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

// "%(n)s" and the like in a translated message, filled from `values`.
export function fill(message, values) {
  return message.replace(/%\((\w+)\)s/g, (_all, name) => String(values[name] ?? ""));
}

export async function postJson(url, body) {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: JSON.stringify(body),
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch (_error) {
    answer = {};
  }
  return { ok: response.ok, answer };
}
