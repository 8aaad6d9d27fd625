using MudBlazor;
using MudBlazor.Utilities;

namespace Portal.Branding;

/// <summary>Portal's look: a quiet, neutral chrome with one indigo accent, system fonts only (no web-font
/// download, so the portal works offline and on locked-down networks).</summary>
public static class PortalTheme
{
    public const string CookieName = "portal-theme";

    private static readonly string[] SystemSans =
    [
        "-apple-system", "BlinkMacSystemFont", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans",
        "Liberation Sans", "sans-serif",
    ];

    public static MudTheme Theme { get; } = Create();

    /// <summary>The theme with <paramref name="primary"/> (#rrggbb, an admin's brand colour) as its accent; null keeps
    /// Portal's indigo. In dark mode a dark brand colour is lightened so it stays readable on the dark surfaces.</summary>
    public static MudTheme Create(string? primary = null)
    {
        var theme = NewTheme();
        if (primary is null || !MudColor.TryParse(primary, out var color))
            return theme;
        // MudColor rounds lightness to two decimals: Portal's own indigo (#5b5bd6) reads as 0.60 and must be lightened too.
        var dark = color.L < 0.65 ? color.SetL(0.7) : color;
        Accent(theme.PaletteLight, color);
        Accent(theme.PaletteDark, dark);
        return theme;
    }

    private static void Accent(Palette palette, MudColor color)
    {
        palette.Primary = Hex(color);
        palette.PrimaryDarken = Hex(color.ColorDarken(0.075));
        palette.PrimaryLighten = Hex(color.ColorLighten(0.075));
        palette.PrimaryContrastText = ContrastText(color);
    }

    /// <summary>Text colour on <paramref name="background"/>: dark on light accents, white on dark ones.</summary>
    public static string ContrastText(MudColor background) => RelativeLuminance(background) > 0.45 ? "#1f2328" : "#ffffff";

    private static string Hex(MudColor color) => color.ToString(MudColorOutputFormats.Hex);

    /// <summary>WCAG relative luminance (0 black … 1 white): light accents get dark text on buttons.</summary>
    private static double RelativeLuminance(MudColor color)
    {
        static double Channel(byte value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(color.R) + 0.7152 * Channel(color.G) + 0.0722 * Channel(color.B);
    }

    private static MudTheme NewTheme() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#5b5bd6",
            PrimaryDarken = "#4a4ac4",
            // Secondary text and green chips reach WCAG AA (4.5:1) on the light background and on their own tint.
            Secondary = "#556274",
            Tertiary = "#0d9488",
            Success = "#157a38",
            Warning = "#b45309",
            Error = "#b91c1c",
            Info = "#2563eb",
            Background = "#f6f7f9",
            BackgroundGray = "#eef0f3",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2328",
            DrawerBackground = "#ffffff",
            DrawerText = "#3d4450",
            DrawerIcon = "#656d76",
            TextPrimary = "#1f2328",
            TextSecondary = "#656d76",
            ActionDefault = "#656d76",
            LinesDefault = "#e4e7ec",
            LinesInputs = "#cfd4dc",
            TableLines = "#eceef2",
            TableHover = "#f6f7f9",
            Divider = "#e4e7ec",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8b8cf8",
            PrimaryDarken = "#7273ec",
            // Dark text on the light indigo of dark mode: white on it is 2.9:1.
            PrimaryContrastText = "#0d1117",
            Secondary = "#94a3b8",
            Tertiary = "#2dd4bf",
            Success = "#3fb950",
            SuccessContrastText = "#0d1117",
            Warning = "#d29922",
            Error = "#f85149",
            Info = "#58a6ff",
            Black = "#010409",
            Background = "#0d1117",
            BackgroundGray = "#161b22",
            Surface = "#161b22",
            AppbarBackground = "#161b22",
            AppbarText = "#e6edf3",
            DrawerBackground = "#0d1117",
            DrawerText = "#c9d1d9",
            DrawerIcon = "#8b949e",
            TextPrimary = "#e6edf3",
            TextSecondary = "#8b949e",
            ActionDefault = "#8b949e",
            LinesDefault = "#30363d",
            LinesInputs = "#3d444d",
            TableLines = "#21262d",
            TableHover = "#1c2129",
            Divider = "#30363d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemSans },
            H1 = new H1Typography { FontFamily = SystemSans },
            H2 = new H2Typography { FontFamily = SystemSans },
            H3 = new H3Typography { FontFamily = SystemSans },
            H4 = new H4Typography { FontFamily = SystemSans, FontWeight = "600", FontSize = "1.75rem", LetterSpacing = "-.01em" },
            H5 = new H5Typography { FontFamily = SystemSans, FontWeight = "600", FontSize = "1.25rem" },
            H6 = new H6Typography { FontFamily = SystemSans, FontWeight = "600", FontSize = "1.05rem" },
            Subtitle1 = new Subtitle1Typography { FontFamily = SystemSans },
            Subtitle2 = new Subtitle2Typography { FontFamily = SystemSans, FontWeight = "600" },
            Body1 = new Body1Typography { FontFamily = SystemSans, FontSize = ".9375rem" },
            Body2 = new Body2Typography { FontFamily = SystemSans },
            Button = new ButtonTypography { FontFamily = SystemSans, TextTransform = "none", FontWeight = "600", LetterSpacing = ".005em" },
            Caption = new CaptionTypography { FontFamily = SystemSans },
            Overline = new OverlineTypography { FontFamily = SystemSans, FontWeight = "600", LetterSpacing = ".08em" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "248px",
            AppbarHeight = "60px",
        },
    };

    /// <summary>The visitor's choice from the theme cookie; null when they never chose (follow the system).</summary>
    public static bool? ReadPreference(HttpContext? context) =>
        context?.Request.Cookies[CookieName] switch
        {
            "dark" => true,
            "light" => false,
            _ => null,
        };
}
