// Tokens page: copy the new token (the revoke confirmation is forms.js's data-confirm). Loaded as a file: the CSP allows no inline script.
(function () {
  'use strict';

  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-copy-target'));
      field.select();
      var copied = navigator.clipboard ? navigator.clipboard.writeText(field.value)
        : Promise.resolve(document.execCommand('copy'));
      copied.then(function () {
        button.textContent = 'Copied';
      }, function () {
        button.textContent = 'Press Ctrl+C';
      });
    });
  });
})();
