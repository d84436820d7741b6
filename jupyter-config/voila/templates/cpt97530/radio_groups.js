// Give each ipywidgets RadioButtons group its own name, so the arrow keys move the choice
// within the group as in any web form (ipywidgets leaves the radio inputs unnamed, and
// unnamed radios are each a group of one). Used by the Voila page template and, imported,
// by the lab extension.
(function () {
  if (window.__cptRadioGroups) {
    return;
  }
  window.__cptRadioGroups = true;
  let groups = 0;
  const nameGroups = () => {
    document.querySelectorAll('.widget-radio-box:not([data-cpt-group])').forEach((box) => {
      groups += 1;
      box.dataset.cptGroup = String(groups);
      box.querySelectorAll('input[type=radio]').forEach((input) => {
        input.name = `cpt-radio-${groups}`;
      });
    });
  };
  new MutationObserver(nameGroups).observe(document.documentElement, {
    childList: true,
    subtree: true
  });
  nameGroups();
})();
