// The skill picker's filter box: hides the skills (and empty groups) not matching what was typed.
// Listens on the document so that questions added later in the inline panel work too.
(() => {
  const normalise = (text) => text.normalize("NFKC").toLowerCase();

  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.classList || !box.classList.contains("skill-picker-filter")) return;
    const picker = box.closest(".skill-picker");
    const select = picker.querySelector("select");
    const count = picker.querySelector(".skill-picker-count");
    const wanted = normalise(box.value.trim());
    let shown = 0;
    for (const option of select.querySelectorAll("option")) {
      if (!option.value) continue;
      const match = !wanted || normalise(option.textContent).includes(wanted);
      option.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = !group.querySelector("option:not([hidden])");
    }
    count.textContent = wanted ? count.dataset.format.replace("__n__", shown) : "";
  });
})();
