/* Catalog (and the instructors list), progressive enhancement only: the page works the same without it.
 * On a narrow screen the filters come before the results; fold them so the results show first,
 * unless a filter needs correcting. Changing the sort order applies it at once. */
(function () {
  "use strict";
  var details = document.querySelector(".filters__details");
  if (details && !details.hasAttribute("data-keep-open") &&
      window.matchMedia("(max-width: 900px)").matches) {
    details.open = false;
  }
  var sort = document.getElementById("id_sort");
  if (sort && sort.form && sort.form.requestSubmit) {
    sort.addEventListener("change", function () { sort.form.requestSubmit(); });
  }
})();
