!function(e){"use strict";var t=e.auth||{};function n(e){return e.token||t.token}
var r={apiKey:e.apiKey,password:t.password,secret:n(e),accessToken:o.accessToken};
const s=process.env.API_KEY,a=window.localStorage.getItem("token"),c=r.password;
e.exports={getToken:n,config:r,tokenHeader:"Authorization",passwordField:"password"}}(window);
