using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class StageEnteredAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "StageEnteredAt",
                table: "Opportunities",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Existing deals: a closed deal entered its status when it closed (ClosedAt is stamped by
            // that status change); for an open deal the last update is the latest moment it can have
            // entered its status, so the days in status are never overstated (docs/user-guide/board.md).
            migrationBuilder.Sql("UPDATE \"Opportunities\" SET \"StageEnteredAt\" = COALESCE(\"ClosedAt\", \"UpdatedAt\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StageEnteredAt",
                table: "Opportunities");
        }
    }
}
