function WebForm_PostBackOptions(){}
function WebForm_DoCallback(){}
function WebForm_FireDefaultButton(){return true;}
function WebForm_SaveScrollPositionSubmit(){return this.oldSubmit();}
function WebForm_SaveScrollPositionOnSubmit(){return true;}
