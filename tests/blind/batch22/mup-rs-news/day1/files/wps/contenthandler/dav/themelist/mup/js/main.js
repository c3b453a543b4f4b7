function toggleCamera(id){}
