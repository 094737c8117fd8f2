/* The lesson player: hls.js (or the browser's own HLS), quality, speed, captions, storyboard
 * previews, a transcript that follows the video, and the record of the seconds really played.
 */
(function () {
  "use strict";
  var BEAT_EVERY_MS = 15000;
  var SAMPLE_EVERY_MS = 200;
  var gettext = window.gettext || function (text) { return text; };

  function newSessionId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function round(value) { return Math.round(value * 1000) / 1000; }

  /* Played intervals: a segment grows while the playhead moves forward smoothly and is closed
   * by a pause, a seek or any jump, so skipped seconds are never counted. */
  function Tracker(video) {
    this.video = video;
    this.closed = [];
    this.start = null;
    this.last = null;
  }
  Tracker.prototype.sample = function () {
    var now = this.video.currentTime;
    var wall = performance.now();
    if (this.video.paused || this.video.seeking) return;
    if (this.start === null) {
      this.start = this.last = now;
      this.lastWall = wall;
      return;
    }
    // The playhead may move as far as the wall clock allows at this rate, with some slack;
    // timers in hidden tabs are slowed, so the limit follows real elapsed time.
    var step = now - this.last;
    var allowed = ((wall - this.lastWall) / 1000) * this.video.playbackRate * 1.25 + 0.3;
    if (step < 0 || step > allowed) {
      this.close();
      this.start = now;
    }
    this.last = now;
    this.lastWall = wall;
  };
  Tracker.prototype.close = function (at) {
    if (this.start !== null) {
      var end = at === undefined ? this.last : at;
      if (end > this.start) this.closed.push([round(this.start), round(end)]);
    }
    this.start = this.last = null;
  };
  Tracker.prototype.take = function () {
    if (this.start !== null && this.last > this.start) {
      this.closed.push([round(this.start), round(this.last)]);
      this.start = this.last;
    }
    var taken = this.closed;
    this.closed = [];
    return taken;
  };

  function setUpQuality(root, video, hls) {
    var select = root.querySelector(".player-quality");
    if (!hls) {
      select.closest("label").hidden = true;
      return;
    }
    hls.on(Hls.Events.MANIFEST_PARSED, function () {
      hls.levels.forEach(function (level, index) {
        var option = document.createElement("option");
        option.value = String(index);
        option.textContent = level.height ? level.height + "p" : Math.round(level.bitrate / 1000) + " kbps";
        select.appendChild(option);
      });
    });
    select.addEventListener("change", function () {
      hls.currentLevel = parseInt(select.value, 10);
    });
  }

  function setUpCaptions(root, video) {
    var button = root.querySelector(".player-captions");
    var track = video.textTracks[0];
    if (!button || !track) return;
    track.mode = "showing";
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      track.mode = on ? "showing" : "hidden";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function setUpTranscript(root, video) {
    var list = root.querySelector(".transcript-lines");
    function fillFromTrack() {
      var track = video.textTracks[0];
      if (list.children.length || !track || !track.cues) return;
      Array.prototype.forEach.call(track.cues, function (cue) {
        var item = document.createElement("li");
        item.dataset.start = cue.startTime;
        item.dataset.end = cue.endTime;
        var button = document.createElement("button");
        button.type = "button";
        var time = document.createElement("span");
        time.className = "cue-time";
        time.textContent = clock(cue.startTime);
        button.appendChild(time);
        button.appendChild(document.createTextNode(" " + cue.text));
        item.appendChild(button);
        list.appendChild(item);
      });
    }
    var trackElement = video.querySelector("track");
    if (trackElement) {
      trackElement.addEventListener("load", fillFromTrack);
      if (trackElement.readyState === 2) fillFromTrack();
    }
    list.addEventListener("click", function (event) {
      var item = event.target.closest("li");
      if (!item) return;
      video.currentTime = parseFloat(item.dataset.start);
      video.focus();
    });
    var current = null;
    video.addEventListener("timeupdate", function () {
      var t = video.currentTime, found = null;
      Array.prototype.some.call(list.children, function (item) {
        if (t >= parseFloat(item.dataset.start) && t < parseFloat(item.dataset.end)) {
          found = item;
          return true;
        }
        return false;
      });
      if (found === current) return;
      if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
      current = found;
      if (current) {
        current.classList.add("is-current");
        current.setAttribute("aria-current", "true");
        list.scrollTop = current.offsetTop - list.offsetTop - list.clientHeight / 3;
      }
    });
  }

  function parseTime(text) {
    var parts = text.trim().split(":").map(parseFloat);
    return parts.reduce(function (total, part) { return total * 60 + part; }, 0);
  }

  function setUpSeekBar(root, video, storyboardUrl) {
    var seek = root.querySelector(".player-seek");
    var preview = root.querySelector(".storyboard-preview");
    var image = preview.querySelector(".storyboard-image");
    var label = preview.querySelector(".storyboard-time");
    var frames = [];
    if (storyboardUrl) {
      fetch(storyboardUrl, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (text) {
          text.split(/\r?\n\r?\n/).forEach(function (block) {
            var lines = block.trim().split(/\r?\n/);
            var timing = lines.findIndex(function (line) { return line.indexOf("-->") !== -1; });
            if (timing === -1 || !lines[timing + 1]) return;
            var times = lines[timing].split("-->");
            var target = lines[timing + 1].trim().split("#xywh=");
            var box = (target[1] || "0,0,0,0").split(",").map(Number);
            frames.push({
              start: parseTime(times[0]), end: parseTime(times[1].trim().split(" ")[0]),
              url: new URL(target[0], new URL(storyboardUrl, window.location.href)).href,
              x: box[0], y: box[1], w: box[2], h: box[3],
            });
          });
        })
        .catch(function () { frames = []; });
    }
    function show(t) {
      label.textContent = clock(t);
      var frame = frames.find(function (f) { return t >= f.start && t < f.end; });
      if (frame) {
        image.style.width = frame.w + "px";
        image.style.height = frame.h + "px";
        image.style.backgroundImage = "url('" + frame.url + "')";
        image.style.backgroundPosition = (-frame.x) + "px " + (-frame.y) + "px";
      }
      image.hidden = !frame;
      preview.hidden = false;
    }
    var dragging = false;
    seek.addEventListener("input", function () { dragging = true; show(parseFloat(seek.value)); });
    seek.addEventListener("change", function () {
      dragging = false;
      preview.hidden = true;
      video.currentTime = parseFloat(seek.value);
    });
    seek.addEventListener("pointermove", function (event) {
      var rect = seek.getBoundingClientRect();
      show(Math.max(0, Math.min(1, (event.clientX - rect.left) / rect.width)) * parseFloat(seek.max));
    });
    seek.addEventListener("pointerleave", function () { if (!dragging) preview.hidden = true; });
    seek.addEventListener("blur", function () { preview.hidden = true; });
    video.addEventListener("loadedmetadata", function () {
      if (isFinite(video.duration)) seek.max = String(Math.floor(video.duration));
    });
    video.addEventListener("timeupdate", function () {
      if (!dragging) {
        seek.value = String(Math.floor(video.currentTime));
        seek.setAttribute("aria-valuetext", clock(video.currentTime) + " / " + clock(parseFloat(seek.max)));
      }
    });
  }

  function setUpKeys(video) {
    video.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "k") {
        event.preventDefault();
        if (video.paused) video.play(); else video.pause();
      } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        video.currentTime = Math.max(0, video.currentTime + (event.key === "ArrowLeft" ? -5 : 5));
      }
    });
  }

  function start(root) {
    var video = root.querySelector(".player-video");
    var source = root.dataset.src;
    var resumeAt = parseFloat(root.dataset.resumeAt) || 0;
    var lessonId = parseInt(root.dataset.lesson, 10);
    var status = root.querySelector(".player-status");
    var hls = null;

    var duration = parseFloat(root.dataset.duration) || 0;
    if (duration && resumeAt > duration - 2) resumeAt = 0;
    if (window.Hls && Hls.isSupported()) {
      hls = new Hls({ startPosition: resumeAt > 0 ? resumeAt : -1 });
      hls.loadSource(source);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = source;
      video.addEventListener("loadedmetadata", function () {
        if (resumeAt > 0) video.currentTime = resumeAt;
      }, { once: true });
    } else {
      status.textContent = gettext("このブラウザーでは動画を再生できません。");
      return;
    }
    root.player = { video: video, hls: hls };

    var speed = root.querySelector(".player-speed");
    speed.addEventListener("change", function () { video.playbackRate = parseFloat(speed.value); });
    video.addEventListener("ratechange", function () { speed.value = String(video.playbackRate); });

    setUpQuality(root, video, hls);
    setUpCaptions(root, video);
    setUpTranscript(root, video);
    setUpSeekBar(root, video, root.dataset.storyboard);
    setUpKeys(video);

    var watchedLabel = status.dataset.watchedLabel;
    var sender = new window.ViewingBeats.Sender(root.dataset.progressUrl, root.dataset.csrf, root.dataset.learner, function (beat, answer, code) {
      if (code === 200 && beat.lesson === lessonId) {
        root.dataset.watched = answer.watched;
        status.textContent = watchedLabel + " " + clock(answer.watched) + " (" + Math.round(answer.progress * 100) + "%)";
      }
    });
    window.viewingSender = sender;
    sender.flush();

    var tracker = new Tracker(video);
    var session = newSessionId();
    var seq = 0;
    var seekFrom = null;
    var lastKnown = video.currentTime;

    function beat(event, extra) {
      var segments = tracker.take();
      if (event === "heartbeat" && !segments.length) return;
      seq += 1;
      var body = {
        lesson: lessonId, session: session, seq: seq, segments: segments,
        position: round(video.currentTime), duration: round(video.duration || duration),
        event: event, rate: video.playbackRate,
      };
      if (extra) Object.keys(extra).forEach(function (name) { body[name] = extra[name]; });
      sender.add(body);
    }

    video.addEventListener("timeupdate", function () { tracker.sample(); });
    setInterval(function () {
      tracker.sample();
      if (!video.seeking) lastKnown = video.currentTime;
    }, SAMPLE_EVERY_MS);
    setInterval(function () { if (!video.paused) beat("heartbeat"); }, BEAT_EVERY_MS);

    video.addEventListener("playing", function () {
      tracker.sample();
      if (seq === 0) beat("play");
    });
    video.addEventListener("play", function () { if (seq > 0) beat("play"); });
    video.addEventListener("pause", function () {
      if (video.ended) return;
      tracker.close(video.currentTime);
      beat("pause");
    });
    video.addEventListener("seeking", function () {
      if (seekFrom === null) seekFrom = lastKnown;
      tracker.close();
    });
    video.addEventListener("seeked", function () {
      if (seq > 0 && seekFrom !== null && Math.abs(seekFrom - video.currentTime) > 0.5) {
        beat("seeked", { from: round(seekFrom) });
      }
      seekFrom = null;
      lastKnown = video.currentTime;
    });
    video.addEventListener("ended", function () {
      tracker.close(video.currentTime);
      beat("ended");
    });
    var hiddenAtSeq = -1;
    function hidden() {
      if (seq === 0 || hiddenAtSeq === seq) return;
      tracker.close(video.currentTime);
      beat("hidden");
      hiddenAtSeq = seq;
      sender.beaconAll();
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") hidden();
    });
    window.addEventListener("pagehide", hidden);
  }

  document.querySelectorAll(".player[data-src]").forEach(start);
})();
