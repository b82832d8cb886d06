// Small behaviours every page may use, without inline handlers (the Content Security Policy forbids them):
//   <form data-confirm="Delete server web-1?">  asks before submitting
//   <select data-autosubmit>                    submits its form when it changes
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener('change', (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute('data-autosubmit') && field.form) {
    field.form.requestSubmit();
  }
});
