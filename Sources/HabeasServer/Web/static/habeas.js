// Progressive enhancement only: every page works without this file.
// After a failed save, move focus to the error summary so keyboard and screen-reader users hear it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
