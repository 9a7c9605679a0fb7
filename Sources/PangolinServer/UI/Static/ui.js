// Small improvements over the plain pages, which work without this file: copying references,
// and confirming deletions.
document.addEventListener("click", (event) => {
  const copy = event.target.closest("button.copy");
  if (copy) {
    navigator.clipboard.writeText(copy.dataset.copy).then(() => {
      copy.textContent = "copied";
      setTimeout(() => { copy.textContent = "copy"; }, 1500);
    });
  }
});
document.addEventListener("submit", (event) => {
  if (event.target.classList.contains("delete-tag") && !window.confirm("Delete this tag? References to it will stop resolving.")) {
    event.preventDefault();
  }
});
