// Sends the recording in chunks, resumes where the server's part file ends, then posts the form.
(function () {
  "use strict";
  const form = document.getElementById("video-upload");
  if (!form) return;
  const text = JSON.parse(document.getElementById("upload-messages").textContent);
  const fileInput = document.getElementById("video-file");
  const bar = document.getElementById("upload-bar");
  const percent = document.getElementById("upload-percent");
  const errors = document.getElementById("upload-errors");
  const startButton = document.getElementById("upload-start");
  const cancelButton = document.getElementById("upload-cancel");
  const chunkUrl = form.dataset.chunkUrl;
  const chunkSize = parseInt(form.dataset.chunkSize, 10);
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  let controller = null;

  function show(done, total) {
    const value = total ? Math.floor((100 * done) / total) : 0;
    bar.value = value;
    percent.textContent = text.sending + " " + value + "%";
  }

  function fail(message) {
    errors.textContent = message;
    startButton.disabled = false;
    cancelButton.hidden = true;
  }

  async function received(key) {
    const answer = await fetch(chunkUrl + "?key=" + encodeURIComponent(key), {
      credentials: "same-origin",
      signal: controller.signal,
    });
    return (await answer.json()).received;
  }

  async function send(file, key) {
    let offset = await received(key);
    while (offset < file.size) {
      show(offset, file.size);
      const chunk = file.slice(offset, offset + chunkSize);
      const answer = await fetch(
        chunkUrl + "?key=" + encodeURIComponent(key) + "&offset=" + offset,
        {
          method: "POST",
          body: chunk,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf, "Content-Type": "application/octet-stream" },
          signal: controller.signal,
        },
      );
      if (answer.status !== 200 && answer.status !== 409) throw new Error(answer.status);
      offset = (await answer.json()).received;
    }
    show(file.size, file.size);
  }

  function listErrors(found) {
    return Object.values(found || {}).flat().join(" ");
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    errors.textContent = "";
    const file = fileInput.files[0];
    if (!file) {
      fail(text.choose);
      fileInput.focus();
      return;
    }
    const key = [file.name, file.size, file.lastModified].join(":");
    form.elements.upload_key.value = key;
    form.elements.file_name.value = file.name;
    form.elements.file_size.value = file.size;
    startButton.disabled = true;
    cancelButton.hidden = false;
    document.getElementById("upload-progress").hidden = false;
    controller = new AbortController();
    try {
      await send(file, key);
      const answer = await fetch(window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        signal: controller.signal,
      });
      const result = await answer.json();
      if (result.redirect) {
        window.location.href = result.redirect;
        return;
      }
      fail(listErrors(result.errors));
    } catch (error) {
      fail(error.name === "AbortError" ? text.stopped : text.failed);
    }
  });

  cancelButton.addEventListener("click", function () {
    if (controller) controller.abort();
  });
})();
