class Circle:
    def area(self):
        return 0
