// The caption editor: cues listed beside the video, text and times editable, times nudged by
// keyboard (↑↓ 0.1 s, Shift 1 s), new and deleted cues, shown at once on the player; saved as
// WebVTT by the server, which refuses overlapping or reversed times with one sentence.
import { addCue, formatTime, nudgeCue, parseTime, removeCue } from "./editor-core.js";
import { attachPlayer, fill, playRange, postJson, readJson } from "./editor-player.js";

const root = document.getElementById("caption-editor");
const data = readJson("caption-data");
const words = readJson("caption-messages");
const video = document.getElementById("editor-video");
const list = document.getElementById("cue-list");
const status = document.getElementById("caption-status");
const error = document.getElementById("caption-error");

let cues = data.cues.map((cue) => ({ ...cue }));
const say = (text) => {
  status.textContent = text;
};

// The player shows the cues being edited, on a track of their own; the stored one is hidden.
const track = video.addTextTrack("captions", words.trackLabel, "ja");
track.mode = "showing";
for (const element of video.querySelectorAll("track")) {
  element.track.mode = "disabled";
}

function refreshTrack() {
  for (const cue of Array.from(track.cues || [])) track.removeCue(cue);
  for (const cue of cues) {
    if (cue.end > cue.start && cue.text.trim()) {
      track.addCue(new VTTCue(cue.start, cue.end, cue.text));
    }
  }
}

function timeInput(cue, index, side) {
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "decimal";
  input.autocomplete = "off";
  input.id = `cue-${index}-${side}`;
  input.value = formatTime(cue[side], 3);
  input.setAttribute("aria-label", fill(side === "start" ? words.startOf : words.endOf, { n: index + 1 }));
  input.addEventListener("change", () => {
    const t = parseTime(input.value);
    if (t === null) {
      input.setAttribute("aria-invalid", "true");
      error.textContent = words.badTime;
      return;
    }
    input.removeAttribute("aria-invalid");
    error.textContent = "";
    cues[index] = { ...cues[index], [side]: Math.round(t * 1000) / 1000 };
    input.value = formatTime(cues[index][side], 3);
    refreshTrack();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    event.preventDefault();
    const step = (event.shiftKey ? 1 : 0.1) * (event.key === "ArrowUp" ? 1 : -1);
    cues = nudgeCue(cues, index, side, step);
    input.value = formatTime(cues[index][side], 3);
    input.removeAttribute("aria-invalid");
    refreshTrack();
  });
  return input;
}

function button(text, label, action, kind = "button-secondary") {
  const element = document.createElement("button");
  element.type = "button";
  element.className = `button button-small ${kind}`;
  element.textContent = text;
  element.setAttribute("aria-label", label);
  element.addEventListener("click", action);
  return element;
}

function draw(focusId) {
  list.replaceChildren();
  if (!cues.length) {
    const empty = document.createElement("li");
    empty.textContent = words.none;
    list.append(empty);
  }
  cues.forEach((cue, index) => {
    const item = document.createElement("li");
    item.className = "cue";
    item.id = `cue-${index}`;
    const heading = document.createElement("h3");
    heading.className = "w-h4";
    heading.textContent = fill(words.cue, { n: index + 1 });
    const times = document.createElement("div");
    times.className = "cue__times";
    times.append(timeInput(cue, index, "start"), "〜", timeInput(cue, index, "end"));
    const text = document.createElement("textarea");
    text.id = `cue-${index}-text`;
    text.value = cue.text;
    text.rows = 2;
    text.setAttribute("aria-label", fill(words.textOf, { n: index + 1 }));
    text.addEventListener("input", () => {
      cues[index] = { ...cues[index], text: text.value };
      refreshTrack();
    });
    const actions = document.createElement("div");
    actions.append(
      button(words.play, fill(words.playOf, { n: index + 1 }), () =>
        playRange(video, cues[index].start, cues[index].end),
      ),
      " ",
      button(words.remove, fill(words.removeOf, { n: index + 1 }), () => {
        cues = removeCue(cues, index);
        draw(cues.length ? `cue-${Math.min(index, cues.length - 1)}-text` : "cue-add");
        refreshTrack();
        say(fill(words.removed, { n: index + 1 }));
      }, "no"),
    );
    item.append(heading, times, text, actions);
    list.append(item);
  });
  if (focusId) document.getElementById(focusId)?.focus();
}

// The cue being played is marked in the list.
video.addEventListener("timeupdate", () => {
  const now = video.currentTime;
  cues.forEach((cue, index) => {
    document.getElementById(`cue-${index}`)?.classList.toggle("is-current", cue.start <= now && now < cue.end);
  });
});

document.getElementById("cue-add").addEventListener("click", () => {
  const [next, index] = addCue(cues, video.currentTime || 0);
  cues = next;
  draw(`cue-${index}-text`);
  refreshTrack();
  say(fill(words.added, { n: index + 1 }));
});

document.getElementById("caption-save").addEventListener("click", async () => {
  error.textContent = "";
  say(words.saving);
  try {
    const { ok, answer } = await postJson(root.dataset.saveUrl, { cues });
    if (!ok) {
      say("");
      error.textContent = answer.error || words.failed;
      return;
    }
    cues = answer.cues;
    draw();
    refreshTrack();
    say(answer.message);
  } catch (_failure) {
    say("");
    error.textContent = words.failed;
  }
});

attachPlayer(video);
draw();
refreshTrack();
root.dataset.ready = "true";
