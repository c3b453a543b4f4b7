// MicrosoftAjax.js
var Sys={WebForms:{PageRequestManager:{_initialize:function(){}}}};
