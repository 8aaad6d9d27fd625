using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxResend : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "OutboxEmails",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Failures",
                table: "OutboxEmails",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Resends",
                table: "OutboxEmails",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Messages queued before templates: their body was the failure lines.
            migrationBuilder.Sql("UPDATE \"OutboxEmails\" SET \"Failures\" = \"Body\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "Failures",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "Resends",
                table: "OutboxEmails");
        }
    }
}
