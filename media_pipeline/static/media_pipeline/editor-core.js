// Pure functions of the chapter and caption editors: times, cut points, boundaries, cues.
// No DOM here, so that each rule is one function the pages share.

// The gap the editor keeps between two boundaries (seconds).
export const MIN_GAP = 1;

// "75", "75.5", "01:15", "00:01:15.5" (also with a comma before the fraction) → seconds, or null.
export function parseTime(text) {
  const value = String(text).trim().replace(",", ".");
  if (!/^\d+(\.\d+)?(:\d{1,2}(\.\d+)?){0,2}$/.test(value)) return null;
  const parts = value.split(":");
  let seconds = 0;
  for (const part of parts) seconds = seconds * 60 + Number(part);
  return Number.isFinite(seconds) ? seconds : null;
}

// Seconds → "HH:MM:SS", with `digits` decimals of the second when it has a fraction.
export function formatTime(seconds, digits = 1) {
  const scale = 10 ** digits;
  const total = Math.round(Math.max(0, seconds) * scale) / scale;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total - hours * 3600 - minutes * 60;
  const whole = Math.floor(rest + 1e-9);
  const fraction = Math.round((rest - whole) * scale);
  const pad = (n) => String(n).padStart(2, "0");
  let text = `${pad(hours)}:${pad(minutes)}:${pad(whole)}`;
  if (digits > 0 && (fraction > 0 || digits === 3)) {
    text += "." + String(fraction).padStart(digits, "0");
  }
  return text;
}

// The same rule as keyframes.where_cut_falls on the server: the nearest cut point, the earlier
// of two equally near; with no points, where it was asked.
export function whereCutFalls(t, points) {
  if (!points.length) return t;
  let best = points[0];
  for (const point of points) {
    if (Math.abs(point - t) < Math.abs(best - t)) best = point;
  }
  return best;
}

// The cut point strictly after (direction 1) or before (-1) t; t itself if there is none.
export function nextCutPoint(t, points, direction) {
  const candidates = points.filter((p) => (direction > 0 ? p > t + 1e-3 : p < t - 1e-3));
  if (!candidates.length) return t;
  return direction > 0 ? candidates[0] : candidates[candidates.length - 1];
}

const touching = (a, b) => Math.abs(a - b) < 1e-3;

// The boundaries of chapters (sorted, not overlapping): each {time, before, after}, where before
// is the chapter it ends and after the one it starts (null at a gap or an end).
export function boundariesOf(chapters) {
  const boundaries = [];
  chapters.forEach((chapter, index) => {
    const last = boundaries[boundaries.length - 1];
    if (last && last.after === null && touching(last.time, chapter.start)) {
      last.after = index;
    } else {
      boundaries.push({ time: chapter.start, before: null, after: index });
    }
    boundaries.push({ time: chapter.end, before: index, after: null });
  });
  return boundaries;
}

// Where boundary `number` may go: between its neighbours (MIN_GAP apart) and inside 0..duration.
export function boundaryRange(boundaries, number, duration) {
  const low = number > 0 ? boundaries[number - 1].time + MIN_GAP : 0;
  const high = number < boundaries.length - 1 ? boundaries[number + 1].time - MIN_GAP : duration;
  return [Math.max(0, low), Math.min(duration, high)];
}

// Chapters with boundary `number` moved to t (kept in its range); a moved start becomes manual.
export function moveBoundary(chapters, number, t, duration) {
  const boundaries = boundariesOf(chapters);
  const [low, high] = boundaryRange(boundaries, number, duration);
  const time = Math.round(Math.min(high, Math.max(low, t)) * 10) / 10;
  const boundary = boundaries[number];
  return chapters.map((chapter, index) => {
    if (index === boundary.before) return { ...chapter, end: time };
    if (index === boundary.after) {
      const moved = !touching(chapter.start, time);
      return { ...chapter, start: time, reason: moved ? "manual" : chapter.reason };
    }
    return chapter;
  });
}

// Chapters with the one containing t split at t, or null if t is not MIN_GAP inside a chapter.
export function splitAt(chapters, t, title) {
  const index = chapters.findIndex((c) => c.start + MIN_GAP <= t && t <= c.end - MIN_GAP);
  if (index < 0) return null;
  const time = Math.round(t * 10) / 10;
  const chapter = chapters[index];
  return [
    ...chapters.slice(0, index),
    { ...chapter, end: time },
    { title, start: time, end: chapter.end, reason: "manual" },
    ...chapters.slice(index + 1),
  ];
}

// Chapters with boundary `number` removed (the two chapters it divides made one), or null when
// it divides none (the first start, the last end, either side of a gap).
export function removeBoundary(chapters, number) {
  const boundary = boundariesOf(chapters)[number];
  if (!boundary || boundary.before === null || boundary.after === null) return null;
  const merged = { ...chapters[boundary.before], end: chapters[boundary.after].end };
  return chapters.flatMap((chapter, index) => {
    if (index === boundary.before) return [merged];
    if (index === boundary.after) return [];
    return [chapter];
  });
}

// --- captions ---------------------------------------------------------------------------------

const round3 = (t) => Math.round(t * 1000) / 1000;

// Cues with cue `index`'s `side` ("start" or "end") moved by `step` seconds, kept at 0 or later.
export function nudgeCue(cues, index, side, step) {
  return cues.map((cue, n) =>
    n === index ? { ...cue, [side]: round3(Math.max(0, cue[side] + step)) } : cue,
  );
}

// Cues with a new one after those that begin before t: from t (or the previous cue's end, if
// later) for `length` seconds. Returns [cues, index of the new cue].
export function addCue(cues, t, length = 2) {
  let index = cues.findIndex((cue) => cue.start > t);
  if (index < 0) index = cues.length;
  const start = round3(Math.max(t, index > 0 ? cues[index - 1].end : 0));
  const added = { start, end: round3(start + length), text: "" };
  return [[...cues.slice(0, index), added, ...cues.slice(index)], index];
}

export function removeCue(cues, index) {
  return cues.filter((_cue, n) => n !== index);
}
