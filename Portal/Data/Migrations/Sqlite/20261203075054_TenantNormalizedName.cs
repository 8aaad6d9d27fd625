using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Existing names in one letter case; of names that differ only in case (allowed before), the oldest keeps
            // its normalised form and the others get their id appended, so the unique index can be built.
            migrationBuilder.Sql(@"UPDATE ""Tenants"" SET ""NormalizedName"" = upper(trim(""Name""));");
            migrationBuilder.Sql(@"UPDATE ""Tenants"" SET ""NormalizedName"" = substr(""NormalizedName"", 1, 60) || '#' || ""Id"" WHERE EXISTS (SELECT 1 FROM ""Tenants"" AS o WHERE o.""NormalizedName"" = ""Tenants"".""NormalizedName"" AND o.""Id"" < ""Tenants"".""Id"");");

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
