// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a failed save, move focus to the error summary so keyboard and screen-reader users hear it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Choosing an event type shows its fields at once (the button does the same without script).
  var choosers = document.querySelectorAll("select[data-autosubmit]");
  for (var i = 0; i < choosers.length; i++) {
    choosers[i].addEventListener("change", function (e) { if (e.target.value) { e.target.form.submit(); } });
  }

  // YAML editor: bring the first marked line into view in the listing and in the textarea.
  var marked = document.querySelector(".code-listing li.marked");
  var listing = marked && marked.parentNode;
  if (marked && listing) {
    listing.scrollTop = Math.max(0, marked.offsetTop - listing.offsetTop - 60);
    var area = document.getElementById("yaml");
    var line = parseInt(marked.getAttribute("value"), 10);
    if (area && line > 0) {
      var lineHeight = parseFloat(window.getComputedStyle(area).lineHeight) || 20;
      area.scrollTop = Math.max(0, (line - 4) * lineHeight);
    }
  }
});
