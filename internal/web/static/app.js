// Regulars: the little the pages do in the browser beyond htmx.
// Copy a draft to the clipboard: <button class="copy" data-copy="text">.
document.addEventListener("click", function (e) {
  var b = e.target.closest("button.copy");
  if (!b) return;
  var text = b.getAttribute("data-copy");
  var done = function () {
    var label = b.textContent;
    b.textContent = "✓";
    setTimeout(function () { b.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var t = document.createElement("textarea");
    t.value = text;
    document.body.appendChild(t);
    t.select();
    document.execCommand("copy");
    t.remove();
    done();
  }
});
// Check a form again as soon as a choice changes: <select data-submit>.
document.addEventListener("change", function (e) {
  var s = e.target.closest("select[data-submit]");
  if (s && s.form) s.form.requestSubmit();
});
