// Remembers the light/dark choice in a cookie so every page, static or interactive, is rendered in it by the server.
(() => {
    const cookieName = "portal-theme";
    const maxAge = 60 * 60 * 24 * 365;

    function remember(dark) {
        document.cookie = `${cookieName}=${dark ? "dark" : "light"}; path=/; max-age=${maxAge}; samesite=lax`;
    }

    window.portalTheme = { remember };

    // First visit: adopt the system setting so the next server render already matches it.
    if (!document.cookie.split("; ").some(c => c.startsWith(cookieName + "="))) {
        remember(window.matchMedia("(prefers-color-scheme: dark)").matches);
    }

    // Statically rendered pages (sign-in, account settings) have no circuit: flip the cookie and reload.
    document.addEventListener("click", event => {
        const toggle = event.target instanceof Element && event.target.closest("[data-static-theme-toggle]");
        if (!toggle) {
            return;
        }
        event.preventDefault();
        remember(toggle.getAttribute("data-static-theme-toggle") !== "dark");
        location.reload();
    });
})();
