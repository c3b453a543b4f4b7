function snsShare(t){}
