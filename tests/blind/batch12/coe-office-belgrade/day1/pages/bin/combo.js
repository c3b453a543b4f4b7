/* liferay combo */ var Liferay=window.Liferay||{};function changeFontSize(d){}
