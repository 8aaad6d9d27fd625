using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TenantNormalizedName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tenants_Name",
                table: "Tenants");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "Tenants",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Existing names in one letter case; of names that differ only in case (allowed before), the oldest keeps
            // its normalised form and the others get their id appended, so the unique index can be built.
            migrationBuilder.Sql(@"UPDATE [Tenants] SET [NormalizedName] = UPPER(LTRIM(RTRIM([Name])));");
            migrationBuilder.Sql(@"UPDATE t SET [NormalizedName] = LEFT(t.[NormalizedName], 60) + N'#' + CONVERT(nvarchar(36), t.[Id]) FROM [Tenants] AS t WHERE EXISTS (SELECT 1 FROM [Tenants] AS o WHERE o.[NormalizedName] = t.[NormalizedName] AND o.[Id] < t.[Id]);");

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_NormalizedName",
                table: "Tenants",
                column: "NormalizedName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tenants_NormalizedName",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "Tenants");

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_Name",
                table: "Tenants",
                column: "Name",
                unique: true);
        }
    }
}
