document.getElementById&&0;
