// MicrosoftAjaxWebForms.js
