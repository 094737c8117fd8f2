// The timeline chapter editor: storyboard thumbnails along the recording, slide-change and pause
// marks, chapter boundaries dragged or moved by keyboard or typed, each shown where its cut really
// falls (the keyframe the clip snaps to), a preview of each chapter, and saving.
import {
  boundariesOf,
  boundaryRange,
  formatTime,
  moveBoundary,
  nextCutPoint,
  parseTime,
  removeBoundary,
  splitAt,
  whereCutFalls,
} from "./editor-core.js";
import {
  attachPlayer,
  fill,
  playRange,
  postJson,
  readJson,
  stopPreview,
} from "./editor-player.js";

const root = document.getElementById("timeline-editor");
const data = readJson("timeline-data");
const words = readJson("timeline-messages");
const video = document.getElementById("editor-video");
const timeline = document.getElementById("timeline");
const thumbs = document.getElementById("timeline-thumbs");
const bands = document.getElementById("timeline-bands");
const marks = document.getElementById("timeline-marks");
const handles = document.getElementById("timeline-handles");
const rows = document.getElementById("chapter-rows");
const status = document.getElementById("timeline-status");
const error = document.getElementById("timeline-error");
const duration = data.duration;
const points = data.points;

let chapters = data.chapters.map((c) => ({ ...c }));
let storyboard = [];

const percent = (t) => `${(100 * t) / duration}%`;
const cut = (t) => whereCutFalls(t, points);
const say = (text) => {
  status.textContent = text;
};

function boundaryName(boundary) {
  const n = (i) => i + 1;
  if (boundary.before !== null && boundary.after !== null) {
    return fill(words.boundaryOf, { n: n(boundary.before), m: n(boundary.after) });
  }
  if (boundary.after !== null) return fill(words.startOf, { n: n(boundary.after) });
  return fill(words.endOf, { n: n(boundary.before) });
}

// --- drawing ----------------------------------------------------------------------------------

function drawMarks() {
  marks.replaceChildren();
  for (const [start, end] of data.pauses) {
    const mark = document.createElement("div");
    mark.className = "timeline__mark timeline__mark--pause";
    mark.style.left = percent(start);
    mark.style.width = percent(Math.max(0, end - start));
    marks.append(mark);
  }
  for (const time of data.scenes) {
    const mark = document.createElement("div");
    mark.className = "timeline__mark timeline__mark--slide";
    mark.style.left = percent(time);
    marks.append(mark);
  }
}

function drawThumbs() {
  thumbs.replaceChildren();
  if (!storyboard.length) return;
  const height = thumbs.clientHeight || 54;
  const first = storyboard[0];
  const scale = height / first.h;
  const width = first.w * scale;
  const count = Math.max(1, Math.floor(timeline.clientWidth / width));
  for (let k = 0; k < count; k += 1) {
    const t = ((k + 0.5) * duration) / count;
    const cue = storyboard.find((c) => c.start <= t && t < c.end) || storyboard[storyboard.length - 1];
    const slot = document.createElement("div");
    slot.className = "timeline__thumb";
    slot.style.left = `${(100 * k) / count}%`;
    slot.style.width = `${width}px`;
    const picture = document.createElement("div");
    picture.className = "timeline__picture";
    picture.style.width = `${cue.w}px`;
    picture.style.height = `${cue.h}px`;
    picture.style.backgroundImage = `url("${cue.url}")`;
    picture.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
    picture.style.transform = `scale(${scale})`;
    slot.append(picture);
    thumbs.append(slot);
  }
}

function drawBands() {
  bands.replaceChildren();
  chapters.forEach((chapter, index) => {
    const band = document.createElement("div");
    band.className = `timeline__band timeline__band--${index % 2}`;
    band.style.left = percent(chapter.start);
    band.style.width = percent(chapter.end - chapter.start);
    band.textContent = String(index + 1);
    bands.append(band);
  });
}

function placeHandle(handle, boundary) {
  const snapped = cut(boundary.time);
  handle.style.left = percent(boundary.time);
  handle.setAttribute("aria-valuenow", String(boundary.time));
  handle.setAttribute(
    "aria-valuetext",
    `${formatTime(boundary.time)}、${fill(words.cutAt, { t: formatTime(snapped, 3) })}`,
  );
  const line = handle.nextElementSibling;
  line.style.left = percent(snapped);
  line.querySelector(".timeline__cut-label").textContent = formatTime(snapped);
}

function drawHandles(focusNumber) {
  handles.replaceChildren();
  const boundaries = boundariesOf(chapters);
  boundaries.forEach((boundary, number) => {
    const [low, high] = boundaryRange(boundaries, number, duration);
    const handle = document.createElement("div");
    handle.className = "timeline__handle";
    handle.id = `boundary-${number}`;
    handle.tabIndex = 0;
    handle.setAttribute("role", "slider");
    handle.setAttribute("aria-label", boundaryName(boundary));
    handle.setAttribute("aria-valuemin", String(low));
    handle.setAttribute("aria-valuemax", String(high));
    handle.setAttribute("aria-orientation", "horizontal");
    handle.dataset.number = String(number);
    const line = document.createElement("div");
    line.className = "timeline__cut";
    line.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.className = "timeline__cut-label";
    line.append(label);
    handles.append(handle, line);
    placeHandle(handle, boundary);
  });
  if (focusNumber !== undefined) {
    const target = document.getElementById(`boundary-${Math.min(focusNumber, boundaries.length - 1)}`);
    if (target) target.focus();
  }
}

function difference(asked, real) {
  const seconds = Math.round((real - asked) * 10) / 10;
  if (Math.abs(seconds) < 0.05) return "";
  return fill(seconds < 0 ? words.shorter : words.longer, { t: Math.abs(seconds) });
}

function timeField(chapter, index, side) {
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "decimal";
  input.autocomplete = "off";
  input.id = `chapter-${index}-${side}`;
  input.value = formatTime(chapter[side]);
  input.setAttribute(
    "aria-label",
    fill(side === "start" ? words.startField : words.endField, { n: index + 1 }),
  );
  input.addEventListener("change", () => {
    const t = parseTime(input.value);
    if (t === null) {
      input.setAttribute("aria-invalid", "true");
      error.textContent = words.badTime;
      return;
    }
    input.removeAttribute("aria-invalid");
    error.textContent = "";
    const number = boundariesOf(chapters).findIndex((b) =>
      side === "start" ? b.after === index : b.before === index,
    );
    update(moveBoundary(chapters, number, t, duration));
    say(fill(words.cutMoved, { t: formatTime(cut(chapters[index][side]), 3) }));
    document.getElementById(input.id).focus();
  });
  return input;
}

function button(text, label, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "button button-small button-secondary";
  element.textContent = text;
  element.setAttribute("aria-label", label);
  element.addEventListener("click", action);
  return element;
}

function drawRows() {
  rows.replaceChildren();
  const boundaries = boundariesOf(chapters);
  chapters.forEach((chapter, index) => {
    const row = document.createElement("tr");
    const number = document.createElement("th");
    number.scope = "row";
    number.textContent = String(index + 1);
    const titleCell = document.createElement("td");
    const title = document.createElement("input");
    title.type = "text";
    title.maxLength = 255;
    title.value = chapter.title;
    title.setAttribute("aria-label", fill(words.titleOf, { n: index + 1 }));
    title.addEventListener("input", () => {
      chapters[index] = { ...chapters[index], title: title.value };
    });
    titleCell.append(title);
    const startCell = document.createElement("td");
    startCell.append(timeField(chapter, index, "start"));
    const endCell = document.createElement("td");
    endCell.append(timeField(chapter, index, "end"));
    const realCell = document.createElement("td");
    realCell.className = "chapter-real";
    realCell.id = `chapter-${index}-real`;
    const [start, end] = [cut(chapter.start), cut(chapter.end)];
    const asked = chapter.end - chapter.start;
    const note = difference(asked, end - start);
    realCell.textContent =
      `${formatTime(start)} 〜 ${formatTime(end)}（${fill(words.length, { t: formatTime(end - start) })}）` +
      (note ? `、${note}` : "");
    const actions = document.createElement("td");
    actions.append(
      button(words.preview, fill(words.previewOf, { n: index + 1 }), () => {
        say(
          fill(words.previewing, {
            n: index + 1,
            t: `${formatTime(start)} 〜 ${formatTime(end)}`,
          }),
        );
        playRange(video, start, end);
      }),
    );
    const shared = boundaries.findIndex((b) => b.before === index && b.after !== null);
    if (shared >= 0) {
      actions.append(
        " ",
        button(words.mergeNext, fill(words.mergeNextOf, { n: index + 1 }), () => remove(shared)),
      );
    }
    row.append(number, titleCell, startCell, endCell, realCell, actions);
    rows.append(row);
  });
}

function update(next, focusNumber) {
  chapters = next;
  drawBands();
  drawHandles(focusNumber);
  drawRows();
}

// --- editing ----------------------------------------------------------------------------------

function move(number, t) {
  chapters = moveBoundary(chapters, number, t, duration);
  const boundary = boundariesOf(chapters)[number];
  placeHandle(document.getElementById(`boundary-${number}`), boundary);
  drawBands();
}

function remove(number) {
  const next = removeBoundary(chapters, number);
  if (!next) {
    error.textContent = words.noRemove;
    return;
  }
  error.textContent = "";
  update(next, Math.max(0, number - 1));
  say(words.removed);
}

function split(t) {
  const next = t === null ? null : splitAt(chapters, t, words.newTitle);
  if (!next) {
    error.textContent = t === null ? words.badTime : words.noSplit;
    return;
  }
  error.textContent = "";
  const number = boundariesOf(next).findIndex((b) => Math.abs(b.time - Math.round(t * 10) / 10) < 1e-3);
  update(next, number);
  say(fill(words.added, { t: formatTime(t) }));
}

handles.addEventListener("keydown", (event) => {
  const handle = event.target.closest(".timeline__handle");
  if (!handle) return;
  const number = Number(handle.dataset.number);
  const time = boundariesOf(chapters)[number].time;
  const step = event.shiftKey ? 10 : 1;
  let target = null;
  switch (event.key) {
    case "ArrowLeft":
    case "ArrowDown":
      target = time - step;
      break;
    case "ArrowRight":
    case "ArrowUp":
      target = time + step;
      break;
    case "PageDown":
      target = nextCutPoint(time, points, -1);
      break;
    case "PageUp":
      target = nextCutPoint(time, points, 1);
      break;
    case "Home":
      target = 0;
      break;
    case "End":
      target = duration;
      break;
    case "Delete":
    case "Backspace":
      event.preventDefault();
      remove(number);
      return;
    case "Enter": {
      event.preventDefault();
      const boundary = boundariesOf(chapters)[number];
      const field =
        boundary.after !== null
          ? document.getElementById(`chapter-${boundary.after}-start`)
          : document.getElementById(`chapter-${boundary.before}-end`);
      field.focus();
      field.select();
      return;
    }
    default:
      return;
  }
  event.preventDefault();
  move(number, target);
  drawRows();
  say(fill(words.cutMoved, { t: formatTime(cut(boundariesOf(chapters)[number].time), 3) }));
});

handles.addEventListener("pointerdown", (event) => {
  const handle = event.target.closest(".timeline__handle");
  if (!handle) return;
  event.preventDefault();
  handle.focus();
  handle.setPointerCapture(event.pointerId);
  handle.classList.add("is-dragging");
  const number = Number(handle.dataset.number);
  const follow = (moved) => {
    const box = timeline.getBoundingClientRect();
    move(number, ((moved.clientX - box.left) / box.width) * duration);
  };
  const finish = () => {
    handle.classList.remove("is-dragging");
    handle.removeEventListener("pointermove", follow);
    drawRows();
    say(fill(words.cutMoved, { t: formatTime(cut(boundariesOf(chapters)[number].time), 3) }));
  };
  handle.addEventListener("pointermove", follow);
  handle.addEventListener("pointerup", finish, { once: true });
  handle.addEventListener("pointercancel", finish, { once: true });
});

// A click on the strip (not on a boundary) moves the player there.
timeline.addEventListener("click", (event) => {
  if (event.target.closest(".timeline__handle")) return;
  const box = timeline.getBoundingClientRect();
  stopPreview();
  video.currentTime = ((event.clientX - box.left) / box.width) * duration;
});

document.getElementById("split-add").addEventListener("click", () => {
  split(parseTime(document.getElementById("split-time").value));
});
document.getElementById("split-here").addEventListener("click", () => split(video.currentTime));

document.getElementById("timeline-save").addEventListener("click", async () => {
  error.textContent = "";
  say(words.saving);
  try {
    const { ok, answer } = await postJson(root.dataset.saveUrl, { chapters });
    if (!ok) {
      say("");
      error.textContent = answer.error || words.failed;
      return;
    }
    update(answer.chapters);
    say(answer.message);
  } catch (_failure) {
    say("");
    error.textContent = words.failed;
  }
});

// --- storyboard -------------------------------------------------------------------------------

function readStoryboard(text) {
  const cues = [];
  for (const block of text.replace(/\r/g, "").split(/\n\s*\n/)) {
    const lines = block.trim().split("\n");
    const timing = lines.findIndex((line) => line.includes("-->"));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split("-->").map((part) => parseTime(part.trim()));
    const [url, region] = lines[timing + 1].trim().split("#xywh=");
    if (from === null || to === null || !region) continue;
    const [x, y, w, h] = region.split(",").map(Number);
    cues.push({ start: from, end: to, url, x, y, w, h });
  }
  return cues;
}

async function loadStoryboard() {
  if (!data.storyboard) return;
  try {
    const response = await fetch(data.storyboard, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    storyboard = readStoryboard(await response.text());
    drawThumbs();
  } catch (_failure) {
    say(words.thumbsFailed);
  }
}

attachPlayer(video);
drawMarks();
update(chapters);
loadStoryboard();
window.addEventListener("resize", drawThumbs);
root.dataset.ready = "true";
