// The approval site's one script, inline and allowed by its hash (like the page sheet). Everything works without
// it; it only makes two things nicer:
//   - the mail preview grows to the mail's own height (an iframe cannot size itself to its content; the preview's
//     sandbox lets the page read the mail's height, while the mail itself still runs no script);
//   - "select all" on the review-all page ticks (and clears) the boxes in place instead of reloading the page
//     with `?select=all`.
import { createHash } from 'node:crypto';

export const PAGE_SCRIPT = `
(function () {
  function fit(frame) {
    var doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    // the sheet sizes borders into the height (border-box), so the frame gets the mail's height plus its borders
    frame.style.height = '0px';
    var borders = frame.offsetHeight - frame.clientHeight;
    frame.style.height = Math.ceil(doc.documentElement.scrollHeight) + borders + 'px';
  }
  Array.prototype.forEach.call(document.querySelectorAll('iframe.preview'), function (frame) {
    frame.addEventListener('load', function () { fit(frame); });
    window.addEventListener('resize', function () { fit(frame); });
    fit(frame);
  });
  var toggle = document.getElementById('select-all');
  if (!toggle) return;
  var boxes = document.querySelectorAll('input[name="pick"]');
  function allTicked() {
    return boxes.length > 0 && Array.prototype.every.call(boxes, function (b) { return b.checked; });
  }
  function label() {
    toggle.textContent = allTicked() ? toggle.getAttribute('data-none') : toggle.getAttribute('data-all');
  }
  toggle.addEventListener('click', function (event) {
    event.preventDefault();
    var tick = !allTicked();
    Array.prototype.forEach.call(boxes, function (b) { b.checked = tick; });
    label();
  });
  Array.prototype.forEach.call(boxes, function (b) { b.addEventListener('change', label); });
  label();
})();
`.trim();

export const PAGE_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}'`;
