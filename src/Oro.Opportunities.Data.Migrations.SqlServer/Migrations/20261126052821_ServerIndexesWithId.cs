using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServerIndexesWithId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opportunities_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_OwnerId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_OwnerId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_StatusId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_CreatedAt",
                table: "Opportunities",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_CreatedAt",
                table: "Opportunities",
                columns: new[] { "CreatedAt", "Id" },
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_OwnerId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "OwnerId", "CreatedAt", "Id" },
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_OwnerId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "OwnerId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_StatusId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "StatusId", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opportunities_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_OwnerId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_OwnerId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_StatusId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_CreatedAt",
                table: "Opportunities",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_CreatedAt",
                table: "Opportunities",
                column: "CreatedAt",
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_OwnerId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "OwnerId", "CreatedAt" },
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_OwnerId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "OwnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_StatusId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "StatusId", "CreatedAt" });
        }
    }
}
