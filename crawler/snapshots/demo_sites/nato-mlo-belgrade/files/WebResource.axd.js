function WebForm_SaveScrollPositionSubmit(){return this.oldSubmit();}
function WebForm_SaveScrollPositionOnSubmit(){return true;}
